using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PlatformBot.Data.Entities;
using PlatformBot.Host.Features.Sources;
using PlatformBot.Host.Tests.Features.Digests;
using PlatformBot.Host.Tests.Support;
using Quartz;
using static PlatformBot.Host.Tests.Features.Sources.ServicePingStore;

namespace PlatformBot.Host.Tests.Features.Sources;

/// <summary>
/// SQL sources on the real host and store, with a real database playing the warehouse: views over tables in another
/// schema (PostgreSQL), or a SQLite file. Rows meet the rules of a CSV file; every run is audited and recorded.
/// </summary>
public sealed class SqlSourceTests : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> _owned = [];

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }

    private T Own<T>(T owned)
        where T : IAsyncDisposable
    {
        _owned.Insert(0, owned);
        return owned;
    }

    private TimedFactory Host(IEnumerable<(string Key, string Value)> settings)
    {
        var host = Own(new TimedFactory());
        foreach (var (key, value) in settings)
        {
            host.With(key, value);
        }

        return host;
    }

    private static Task<SqlSourceRun> RunAsync(TimedFactory host, string name) =>
        host.Get<SqlSourceRunner>().RunAsync(name, "cli:tester", "cli", CancellationToken.None);

    private static async Task<List<AuditEntry>> ImportAuditsAsync(TimedFactory host)
    {
        await using var db = await host.DbAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == "import").OrderBy(e => e.Id).ToListAsync();
    }

    [PostgresClusterFact]
    public async Task An_accounts_view_over_the_crm_schema_is_imported_audited_and_recorded()
    {
        var warehouse = Own(await Warehouse.PostgresAsync(Warehouse.PostgresCrm));
        var host = Host(warehouse.Source("crm", "accounts", "SELECT * FROM bot.accounts"));

        var run = await RunAsync(host, "crm");

        Assert.True(run.Succeeded, run.Error);
        await using var db = await host.DbAsync();
        Assert.Equal(
            [("A-1", "Acme Corp", "enterprise", "emea"), ("A-2", "Acme Labs", "smb", "amer"), ("A-3", "Globex", "mid-market", "apac")],
            (await db.Accounts.AsNoTracking().OrderBy(a => a.AccountId).ToListAsync()).Select(a => (a.AccountId, a.Name, a.Segment, a.Region)));
        var recorded = Assert.Single(await db.SourceRuns.AsNoTracking().ToListAsync());
        Assert.Equal(("sql:crm", "sql-accounts", "ok", 3L, (string?)null), (recorded.Source, recorded.Kind, recorded.Outcome, recorded.Rows, recorded.Error));
        var audit = Assert.Single(await ImportAuditsAsync(host));
        Assert.Equal(("cli:tester", "cli", "sql:crm accounts", "3 rows"), (audit.Actor, audit.Surface, audit.Subject, audit.Detail));
    }

    [PostgresClusterFact]
    public async Task A_usage_view_with_a_date_column_and_bigint_metrics_lands_as_a_usage_file_would()
    {
        var date = SampleData.SnapshotDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var warehouse = Own(await Warehouse.PostgresAsync($"""
            CREATE SCHEMA telemetry;
            CREATE TABLE telemetry.instance_usage (uuid text, sub text, recorded date, billable bigint, active bigint, pipelines bigint);
            INSERT INTO telemetry.instance_usage VALUES ('i-1', 'S-1', '{date}', 100, 90, NULL), ('i-2', 'S-2', '{date}', 40, 35, 120);
            CREATE SCHEMA bot;
            CREATE VIEW bot.usage AS SELECT uuid AS instance_id, sub AS subscription_id, recorded AS snapshot_date,
                billable AS billable_users, active AS active_users_28d, pipelines AS ci_internal_pipelines_28d FROM telemetry.instance_usage;
            """));
        var host = Host(warehouse.Source("telemetry", "usage", "SELECT * FROM bot.usage"));
        await SeedSubscriptionsAsync(host.Services);

        var run = await RunAsync(host, "telemetry");

        Assert.True(run.Succeeded, run.Error);
        var usage = await UsageAsync(host.Services);
        Assert.Equal(
            [("i-1", SampleData.SnapshotDate, "S-1", "100", "90", string.Empty), ("i-2", SampleData.SnapshotDate, "S-2", "40", "35", "120")],
            usage.Select(u => (u.Row.InstanceId, u.Row.SnapshotDate, u.Row.SubscriptionId, u.Values["billable_users"], u.Values["active_users_28d"], u.Values["ci_internal_pipelines_28d"])));
        Assert.Equal("sql:telemetry usage", (await ImportAuditsAsync(host)).Last().Subject);
    }

    [PostgresClusterFact]
    public async Task A_bad_row_fails_the_run_naming_its_row_and_column_and_writes_nothing()
    {
        var warehouse = Own(await Warehouse.PostgresAsync(Warehouse.PostgresCrm + "UPDATE crm.customers SET display_name = NULL WHERE crm_id = 'A-2';"));
        var host = Host(warehouse.Source("crm", "accounts", "SELECT * FROM bot.accounts ORDER BY account_id"));

        var run = await RunAsync(host, "crm");

        Assert.Equal("refused", run.Outcome);
        Assert.StartsWith("rows refused, nothing imported: row 2, column 2 (name): name is required", run.Error, StringComparison.Ordinal);
        await using var db = await host.DbAsync();
        Assert.Empty(await db.Accounts.ToListAsync());
        var recorded = Assert.Single(await db.SourceRuns.AsNoTracking().ToListAsync());
        Assert.Equal(("refused", 0L, run.Error), (recorded.Outcome, recorded.Rows, recorded.Error));
        Assert.Equal("rejected: 1 errors", Assert.Single(await ImportAuditsAsync(host)).Detail);
    }

    [PostgresClusterFact]
    public async Task With_replace_an_account_gone_from_the_view_is_archived_on_the_next_run()
    {
        var warehouse = Own(await Warehouse.PostgresAsync(Warehouse.PostgresCrm));
        var host = Host(warehouse.Source("crm", "accounts", "SELECT * FROM bot.accounts").Append(("Sources:Sql:crm:Replace", "true")));
        Assert.True((await RunAsync(host, "crm")).Succeeded);

        await warehouse.ExecuteAsync("DELETE FROM crm.customers WHERE crm_id = 'A-3'");
        var run = await RunAsync(host, "crm");

        Assert.True(run.Succeeded, run.Error);
        Assert.Equal(["A-3"], run.Result!.Replace!.Ids);
        await using var db = await host.DbAsync();
        Assert.Equal(["A-3"], await db.Accounts.Where(a => a.ArchivedAtUtc != null).Select(a => a.AccountId).ToListAsync());
    }

    [Fact]
    public async Task An_unreachable_warehouse_is_a_one_line_failure_recorded_in_source_runs_and_reported_by_readyz()
    {
        var host = Host(
        [
            ("Sources:Sql:warehouse:Kind", "accounts"), ("Sources:Sql:warehouse:Provider", "Postgres"),
            ("Sources:Sql:warehouse:ConnectionString", "Host=127.0.0.1;Port=1;Username=bot;Password=hunter2-not-logged;Timeout=5"),
            ("Sources:Sql:warehouse:Query", "SELECT * FROM bot.accounts"),
        ]);
        using var failures = new MeterRecorder(host.Services, "platformbot.source.failures");

        var run = await RunAsync(host, "warehouse");

        Assert.Equal("failed", run.Outcome);
        Assert.Null(run.Result);
        Assert.StartsWith("the query could not be run: ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', run.Error!);
        Assert.DoesNotContain("hunter2", run.Error!, StringComparison.Ordinal);
        var recorded = Assert.Single(await RunsAsync(host.Services));
        Assert.Equal(("sql:warehouse", "failed", run.Error), (recorded.Source, recorded.Outcome, recorded.Error));
        Assert.Equal("failed: " + run.Error, Assert.Single(await ImportAuditsAsync(host)).Detail);
        var failure = Assert.Single(failures.Measurements);
        Assert.Equal(("sql:warehouse", "failed"), (failure.Tags["source"], failure.Tags["reason"]));
        var check = (await host.Get<HealthCheckService>().CheckHealthAsync(c => c.Name == "sources")).Entries["sources"];
        Assert.Equal(HealthStatus.Degraded, check.Status);
        Assert.Contains("sql:warehouse never succeeded", check.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_scheduled_sqlite_source_runs_on_quartz_before_the_weekly_scoring_as_the_scheduler()
    {
        var warehouse = Own(await Warehouse.SqliteAsync("""
            CREATE TABLE customers (crm_id TEXT PRIMARY KEY, display_name TEXT, tier TEXT);
            INSERT INTO customers VALUES ('A-1', 'Acme Corp', 'enterprise'), ('A-2', 'Acme Labs', 'smb');
            CREATE VIEW bot_accounts AS SELECT crm_id AS account_id, display_name AS name, tier AS segment FROM customers;
            """));
        var host = Host(warehouse.Source("crm", "accounts", "SELECT * FROM bot_accounts")
            .Concat([("Scoring:TimeZone", "Europe/Berlin"), ("Digests:SchedulerEnabled", "true"), ("Digests:ScoringSchedule", string.Empty)]));

        var scheduler = await host.Get<ISchedulerFactory>().GetScheduler();
        var trigger = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(new TriggerKey("sql:crm", "digests")));
        Assert.Equal(("0 0 4 ? * MON", "Europe/Berlin"), (trigger.CronExpressionString, trigger.TimeZone.Id));
        Assert.Equal(SqlSourceJob.Key("crm"), trigger.JobKey);
        await scheduler.TriggerJob(SqlSourceJob.Key("crm"));

        var recorded = await WaitForRunAsync(host);
        Assert.Equal(("sql:crm", "ok", 2L), (recorded.Source, recorded.Outcome, recorded.Rows));
        var audit = Assert.Single(await ImportAuditsAsync(host));
        Assert.Equal(("job:sql-source", "scheduler", "sql:crm accounts"), (audit.Actor, audit.Surface, audit.Subject));
        var check = (await host.Get<HealthCheckService>().CheckHealthAsync(c => c.Name == "sources")).Entries["sources"];
        Assert.Equal(HealthStatus.Healthy, check.Status);
    }

    private static async Task<SourceRun> WaitForRunAsync(TimedFactory host)
    {
        for (var i = 0; i < 400; i++)
        {
            if ((await RunsAsync(host.Services)).FirstOrDefault() is { } run)
            {
                return run;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The SQL source job recorded no run within 20 s.");
    }
}
