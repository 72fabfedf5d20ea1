using System.Globalization;

namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// A small book where churn shows: Acme Corp has a green ultimate subscription (S-1, 300,000) and a red premium
/// one (S-4, 200,000); Acme Labs (A-2, S-2, 100,000) and Globex (A-3, S-3, 100,000) are at level 1. Dates are relative
/// to today (UTC, the default Scoring:TimeZone) because the executable under test reads the real clock.
/// </summary>
public static class ChurnData
{
    public static DateOnly Today => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    /// <summary>The usage pings: ten days ago.</summary>
    public static DateOnly UsageDate { get; } = Today.AddDays(-10);

    /// <summary>A scoring date before the churn.</summary>
    public static DateOnly Before { get; } = Today.AddDays(-8);

    /// <summary>When S-4 (and, where a test says so, S-3) ended.</summary>
    public static DateOnly EndDate { get; } = Today.AddDays(-5);

    /// <summary>A scoring date after the churn.</summary>
    public static DateOnly After { get; } = Today.AddDays(-1);

    public const string Accounts = """
        account_id,name,segment,region,csm,owner
        A-1,Acme Corp,enterprise,emea,jo@example.com,sam@example.com
        A-2,Acme Labs,smb,amer,jo@example.com,kim@example.com
        A-3,Globex,mid-market,apac,,sam@example.com
        """;

    /// <param name="ended">Subscription ids whose end_date is <see cref="EndDate"/>.</param>
    public static string Subscriptions(params string[] ended)
    {
        string End(string id) => ended.Contains(id) ? Text(EndDate) : string.Empty;
        return $"""
            subscription_id,account_id,plan,arr,delivery,customer_since,end_date
            S-1,A-1,ultimate,300000,self-managed,2023-04-01,{End("S-1")}
            S-2,A-2,premium,100000,saas,2024-01-01,{End("S-2")}
            S-3,A-3,premium,100000,saas,2022-06-01,{End("S-3")}
            S-4,A-1,premium,200000,saas,2023-04-01,{End("S-4")}
            """;
    }

    public static string Usage => UsageOn(UsageDate);

    /// <summary>The same pings dated <paramref name="date"/>.</summary>
    public static string UsageOn(DateOnly date) => $"""
        instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users,active_users_28d,git_operation_users_28d,ci_builds_28d,deployment_users_28d,deployments_28d,successful_deployments_28d,failed_deployments_28d,secure_scanner_users_28d,ci_internal_pipelines_28d,sast_scans_28d,dast_scans_28d,dependency_scanning_scans_28d,container_scanning_scans_28d,secret_detection_scans_28d,coverage_fuzzing_scans_28d,api_fuzzing_scans_28d
        i-1,S-1,production,{Text(date)},100,120,90,80,5000,20,900,95,5,30,100,40,20,10,5,0,0,0
        i-2,S-2,production,{Text(date)},100,100,60,50,100,1,10,5,5,,,,,,,,,
        i-3,S-3,production,{Text(date)},100,100,60,50,100,1,10,5,5,,,,,,,,,
        i-4,S-4,production,{Text(date)},100,100,10,5,100,1,10,1,9,,,,,,,,,
        """;

    public static string Text(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Imports the three files through the executable.</summary>
    public static async Task ImportAsync(CliStore store, string subscriptions)
    {
        await store.OkAsync("import", "accounts", store.Write("accounts.csv", Accounts));
        await store.OkAsync("import", "subscriptions", store.Write("subscriptions.csv", subscriptions));
        await store.OkAsync("import", "usage", store.Write("usage.csv", Usage));
    }
}
