namespace PlatformBot.Data.Entities;

/// <summary>Who looked at or changed what, from which surface. Never holds ARR.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public required string Actor { get; set; }
    public required string Surface { get; set; }
    public required string Action { get; set; }
    public string? Subject { get; set; }
    public string? Detail { get; set; }
}
