using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Tests.Support;

/// <summary>A tiny, hand-checkable data set in the import formats.</summary>
public static class SampleData
{
    public const string Accounts = """
        account_id,name,segment,region,csm,owner
        A-1,Acme Corp,enterprise,emea,jo@example.com,sam@example.com
        A-2,Acme Labs,smb,amer,jo@example.com,kim@example.com
        A-3,Globex,mid-market,apac,,sam@example.com
        """;

    public const string Subscriptions = """
        subscription_id,account_id,plan,arr,delivery,customer_since
        S-1,A-1,ultimate,300000,self-managed,2023-04-01
        S-2,A-2,premium,100000,saas,2024-01-01
        S-3,A-3,premium,100000,saas,2022-06-01
        """;

    /// <summary>Imports the three files through the real importer and stores one score snapshot (<see cref="SnapshotDate"/>).</summary>
    public static async Task SeedAsync(IServiceProvider services)
    {
        var imports = services.GetRequiredService<ImportService>();
        foreach (var (kind, csv) in new[] { (ImportKind.Accounts, Accounts), (ImportKind.Subscriptions, Subscriptions), (ImportKind.Usage, Usage) })
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var result = await imports.ImportAsync(kind, stream, "test", "test", null, CancellationToken.None);
            Assert.True(result.Succeeded, $"{kind} import failed");
        }

        await services.GetRequiredService<ScoreRunner>().ScoreAndStoreAsync(SnapshotDate, CancellationToken.None);
    }

    /// <summary>A week before today (UTC): recent enough for live lookups, which score as of today.</summary>
    public static DateOnly SnapshotDate { get; } = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-7);

    public static string AsOf => SnapshotDate.AddDays(4).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    // every use case green (4 -> 3+); A-2: SCM green only (1); A-3: no usage (no data).
    public static string Usage => UsageTemplate.Replace("2026-11-16", SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private const string UsageTemplate = """
        instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users,active_users_28d,git_operation_users_28d,ci_builds_28d,deployment_users_28d,deployments_28d,successful_deployments_28d,failed_deployments_28d,secure_scanner_users_28d,ci_internal_pipelines_28d,sast_scans_28d,dast_scans_28d,dependency_scanning_scans_28d,container_scanning_scans_28d,secret_detection_scans_28d,coverage_fuzzing_scans_28d,api_fuzzing_scans_28d
        i-1,S-1,production,2026-11-16,100,120,90,80,5000,20,900,95,5,30,100,40,20,10,5,0,0,0
        i-2,S-2,production,2026-11-16,100,100,60,50,100,1,10,5,5,,,,,,,,,
        """;
}
