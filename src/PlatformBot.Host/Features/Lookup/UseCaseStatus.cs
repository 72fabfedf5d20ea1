namespace PlatformBot.Host.Features.Lookup;

public enum UseCaseStatus
{
    Scored,

    /// <summary>Nothing known about the use case's metrics: shown apart from "below threshold", never red.</summary>
    NoData,

    /// <summary>The use case does not apply to the account's plans (e.g. Security outside Ultimate).</summary>
    NotApplicable,
}
