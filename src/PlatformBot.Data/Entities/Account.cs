namespace PlatformBot.Data.Entities;

// Persistence shapes. Money is integer cents (SQLite cannot compare decimals in SQL) and instants
// are UTC. Keys are the CRM's / telemetry's own ids so re-imports update rather than duplicate.

public sealed class Account
{
    public required string AccountId { get; set; }
    public required string Name { get; set; }
    /// <summary>Lower-case, whitespace-collapsed name: what lookups compare against.</summary>
    public required string NameKey { get; set; }
    public string? Segment { get; set; }
    public string? Region { get; set; }
    public string? CsmEmail { get; set; }
    public string? OwnerEmail { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    /// <summary>
    /// Set when an `import accounts --replace` file no longer listed the account: hidden from lookups, the KPI and new
    /// score runs, kept for history (ADR 0013). Any later import that lists the account clears it.
    /// </summary>
    public DateTime? ArchivedAtUtc { get; set; }
    public List<Subscription> Subscriptions { get; } = [];
}
