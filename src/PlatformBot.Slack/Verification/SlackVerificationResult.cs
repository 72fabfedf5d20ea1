namespace PlatformBot.Slack;

/// <summary>Outcome of <see cref="SlackRequestVerifier.Verify"/>.</summary>
public readonly record struct SlackVerificationResult(SlackVerificationFailure Failure, string Reason)
{
    public static SlackVerificationResult Valid { get; } = new(SlackVerificationFailure.None, "valid");

    public bool IsValid => Failure == SlackVerificationFailure.None;
}
