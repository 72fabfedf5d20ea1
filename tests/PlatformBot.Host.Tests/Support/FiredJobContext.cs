using System.Reflection;
using Quartz;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// What Quartz hands a job when a trigger fires, for calling a job with a fire time of the test's choosing (a misfired
/// trigger fired days late): the trigger, its data and the fire times. Anything else the job reads fails the test.
/// </summary>
#pragma warning disable MA0053, CA1852 // DispatchProxy derives from this class at run time: it must not be sealed.
public class FiredJobContext : DispatchProxy
#pragma warning restore MA0053, CA1852
{
    private Dictionary<string, object?> _values = new(StringComparer.Ordinal);

    public static IJobExecutionContext Create(ITrigger trigger, JobDataMap data, DateTimeOffset fired, DateTimeOffset? scheduled)
    {
        var context = Create<IJobExecutionContext, FiredJobContext>();
        ((FiredJobContext)(object)context)._values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["get_Trigger"] = trigger,
            ["get_MergedJobDataMap"] = data,
            ["get_FireTimeUtc"] = fired,
            ["get_ScheduledFireTimeUtc"] = scheduled,
        };
        return context;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        targetMethod is not null && _values.TryGetValue(targetMethod.Name, out var value)
            ? value
            : throw new NotSupportedException($"The job read IJobExecutionContext.{targetMethod?.Name}, which this test context does not provide.");
}
