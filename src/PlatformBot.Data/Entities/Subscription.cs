namespace PlatformBot.Data.Entities;

public sealed class Subscription
{
    public required string SubscriptionId { get; set; }
    public required string AccountId { get; set; }
    public required string Plan { get; set; }
    public long ArrCents { get; set; }
    public string? Delivery { get; set; }
    public DateOnly? CustomerSince { get; set; }
    /// <summary>First day without the subscription: as of this date or later it has no ARR and reports no usage (ADR 0013).</summary>
    public DateOnly? EndDate { get; set; }
    public DateTime UpdatedAtUtc { get; set; }
    public Account? Account { get; set; }
}
