namespace PlatformBot.Data.Entities;

/// <summary>An account's score as of a date, with the model version that produced it.</summary>
public sealed class ScoreSnapshot
{
    public required string AccountId { get; set; }
    public DateOnly AsOf { get; set; }
    public required string ModelVersion { get; set; }
    public long ArrCents { get; set; }
    public int? AdoptionScore { get; set; }
    public required string Level { get; set; }
    /// <summary>JSON object: use-case id to {"color","score"}; use cases are model data.</summary>
    public required string UseCases { get; set; }
    public double? LicenseUtilization { get; set; }
    public double? ProductUsageScore { get; set; }
    public DateOnly? DataAsOf { get; set; }
    public DateTime ComputedAtUtc { get; set; }
}
