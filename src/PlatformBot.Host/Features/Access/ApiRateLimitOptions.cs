namespace PlatformBot.Host.Features.Access;

/// <summary>Section <c>Api:RateLimit</c>: how many <c>/api/v1</c> requests one client (remote address) may make per window.</summary>
public sealed class ApiRateLimitOptions
{
    public const string Section = "Api:RateLimit";

    public int PermitLimit { get; set; } = 60;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
