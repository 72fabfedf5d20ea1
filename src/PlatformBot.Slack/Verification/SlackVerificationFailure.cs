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
