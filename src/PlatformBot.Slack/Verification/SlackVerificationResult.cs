namespace PlatformBot.Slack;

/// <summary>Why a request signature was rejected. The names are safe to log: none carries a secret.</summary>
public enum SlackVerificationFailure
{
    None = 0,
    NoSigningSecretConfigured,
    MissingTimestamp,
    InvalidTimestamp,
    TimestampOutsideWindow,
    MissingSignature,
    SignatureMismatch,
}

/// <summary>Outcome of <see cref="SlackRequestVerifier.Verify"/>.</summary>
public readonly record struct SlackVerificationResult(SlackVerificationFailure Failure, string Reason)
{
    public static SlackVerificationResult Valid { get; } = new(SlackVerificationFailure.None, "valid");

    public bool IsValid => Failure == SlackVerificationFailure.None;
}
