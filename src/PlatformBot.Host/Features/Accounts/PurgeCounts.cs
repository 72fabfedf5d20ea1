using System.Globalization;

namespace PlatformBot.Host.Features.Accounts;

/// <summary>What a purge deletes (or would delete) and how many audit rows it redacts.</summary>
public sealed record PurgeCounts(int Subscriptions, int Instances, int UsageRows, int ScoreSnapshots, int AuditRowsRedacted)
{
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"1 account, {Subscriptions} subscription(s), {Instances} instance(s), {UsageRows} usage row(s), {ScoreSnapshots} score snapshot(s); {AuditRowsRedacted} audit row(s) redacted");
}
