using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Digests;
using Quartz;

namespace PlatformBot.Host.Features.Retention;

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionPruner>();
        // The daily prune runs on the digests' scheduler; registered here, before AddDigests configures it.
        services.AddSingleton(new ScheduledJob((quartz, zone) => quartz.AddRetentionJob(configuration, zone)));
        return services;
    }

    /// <summary>
    /// The daily prune job and its trigger, on the scheduler the digests configure (in-memory on SQLite, clustered on
    /// servers); it runs where that scheduler runs (Digests:SchedulerEnabled).
    /// </summary>
    public static void AddRetentionJob(this IQuartzBuilder quartz, IConfiguration configuration, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(quartz);
        var schedule = CompositionSettings.Read<RetentionOptions>(configuration, RetentionOptions.Section).Schedule;
        if (string.IsNullOrWhiteSpace(schedule) || !CronExpression.TryParse(schedule, out _))
        {
            return; // none wanted, or a bad expression that the options validator reports at start-up
        }

        quartz.AddJob<RetentionJob>(j => j.WithIdentity(RetentionJob.Key).StoreDurably().DisallowConcurrentExecution()
            .WithDescription("Deletes audit rows, digest deliveries and usage rows past the Retention limits."));
        quartz.AddTrigger<IJob>(t => t
            .WithIdentity("retention-prune", DigestScheduler.Group)
            .ForJob(RetentionJob.Key)
            .WithSchedule(CronScheduleBuilder.Create(schedule).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }
}
