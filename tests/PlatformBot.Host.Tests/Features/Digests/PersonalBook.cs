using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Scoring;

namespace PlatformBot.Host.Tests.Features.Digests;

/// <summary>
/// One CSM's hand-checkable book for the personal digest, imported through the real importer and scored by the real
/// engine for two weeks a year before the other tests' data, so no other snapshot falls between them (the bundled model: SCM green above 0.33 of users doing git, CI green above 40 builds per user):
/// <list type="bullet">
/// <item>P-1 Papa One (owner pat, $400K): level 2 -> 1, CI green -> yellow (50 -> 31 builds per user); one metric (CI 31 -> needs > 40) from level 2.</item>
/// <item>P-2 Papa Two (CSM pat, $900K): level 1 both weeks; one metric (CI 25 -> needs > 40) from level 2; ranked first (more ARR).</item>
/// <item>P-3 Papa Three (owner pat, $50K): no usage at all: no data for two weeks.</item>
/// <item>Q-1 Quebec (kim's, not pat's): changed too, never in pat's digest.</item>
/// </list>
/// </summary>
public static class PersonalBook
{
    public const string Email = "pat@example.com";
    public static readonly DateOnly Previous = new(2025, 11, 17);
    public static readonly DateOnly Current = new(2025, 11, 24);

    private const string Accounts = """
        account_id,name,segment,region,csm,owner
        P-1,Papa One,enterprise,emea,jo@example.com,pat@example.com
        P-2,Papa Two,enterprise,emea,Pat@Example.com,kim@example.com
        P-3,Papa Three,smb,amer,,pat@example.com
        Q-1,Quebec,smb,amer,jo@example.com,kim@example.com
        """;

    private const string Subscriptions = """
        subscription_id,account_id,plan,arr,delivery,customer_since
        SP-1,P-1,premium,400000,saas,2023-01-01
        SP-2,P-2,premium,900000,saas,2023-01-01
        SP-3,P-3,premium,50000,saas,2023-01-01
        SQ-1,Q-1,premium,10000,saas,2023-01-01
        """;

    private const string UsageHeader =
        "instance_id,subscription_id,instance_type,snapshot_date,billable_users,licensed_users,active_users_28d,git_operation_users_28d,ci_builds_28d,deployment_users_28d,deployments_28d,successful_deployments_28d,failed_deployments_28d,secure_scanner_users_28d,ci_internal_pipelines_28d,sast_scans_28d,dast_scans_28d,dependency_scanning_scans_28d,container_scanning_scans_28d,secret_detection_scans_28d,coverage_fuzzing_scans_28d,api_fuzzing_scans_28d";

    public static async Task SeedAsync(IServiceProvider services)
    {
        var usage = new StringBuilder(UsageHeader).Append('\n');
        foreach (var (date, p1Builds, q1Builds) in new[] { (Previous, 5000, 1000), (Current, 3100, 5000) })
        {
            var d = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            usage.Append(CultureInfo.InvariantCulture, $"i-p1,SP-1,production,{d},100,100,90,80,{p1Builds},,,,,,,,,,,,,\n");
            usage.Append(CultureInfo.InvariantCulture, $"i-p2,SP-2,production,{d},100,100,90,80,2500,,,,,,,,,,,,,\n");
            usage.Append(CultureInfo.InvariantCulture, $"i-q1,SQ-1,production,{d},100,100,90,80,{q1Builds},,,,,,,,,,,,,\n");
        }

        var imports = services.GetRequiredService<ImportService>();
        foreach (var (kind, csv) in new[] { (ImportKind.Accounts, Accounts), (ImportKind.Subscriptions, Subscriptions), (ImportKind.Usage, usage.ToString()) })
        {
            await using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
            var result = await imports.ImportAsync(kind, stream, "test", "test", null, CancellationToken.None);
            Assert.True(result.Succeeded, $"{kind} import failed");
        }

        var runner = services.GetRequiredService<ScoreRunner>();
        await runner.ScoreAndStoreAsync(Previous, CancellationToken.None);
        await runner.ScoreAndStoreAsync(Current, CancellationToken.None);
    }

    /// <summary>Every string value in a posted payload, Slack's mrkdwn entities resolved: what a reader sees, in order.</summary>
    public static string Visible(JsonElement payload) => Visible(JsonNode.Parse(payload.GetRawText()));

    public static string Visible(JsonNode? payload, Func<string, string>? read = null)
    {
        var text = new StringBuilder();
        Collect(payload, text, read ?? (t => t));
        return text.ToString().Replace("&gt;", ">", StringComparison.Ordinal).Replace("&lt;", "<", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);
    }

    private static void Collect(JsonNode? node, StringBuilder text, Func<string, string> read)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o)
                {
                    Collect(value, text, read);
                }

                break;
            case JsonArray a:
                foreach (var value in a)
                {
                    Collect(value, text, read);
                }

                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                text.Append(read(v.GetValue<string>())).Append('\n');
                break;
        }
    }
}
