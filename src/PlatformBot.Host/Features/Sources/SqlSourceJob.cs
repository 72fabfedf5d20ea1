using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>
/// The scheduled run of one SQL source (Sources:Sql:NAME:Schedule; its name is in the job data). A source that fails
/// is not a failed job: the run is logged, recorded in source_runs and tried again at the next fire, and /readyz
/// reports it once it has not succeeded within twice its schedule. Clustered Quartz may fire it twice; that is
/// harmless, since a row imported again replaces its own key (and a replace states the same truth twice).
/// </summary>
[DisallowConcurrentExecution]
public sealed class SqlSourceJob(SqlSourceRunner runner, ILogger<SqlSourceJob> logger) : IJob
{
    public const string SourceKey = "source";

    public static JobKey Key(string name) => new("sql:" + name, Digests.DigestScheduler.Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var name = context.MergedJobDataMap.GetString(SourceKey)!;
        try
        {
            // The runner logs and records the outcome; a refused or failed run is no reason to fail the job.
            await runner.RunAsync(name, "job:sql-source", "scheduler", cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Not swallowed: every expected fault of a warehouse is handled inside the run; this is something else.
            logger.LogError(ex, "The SQL source {Source} failed", name);
            throw new JobExecutionException(ex) { RefireImmediately = false };
        }
    }
}
