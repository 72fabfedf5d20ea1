using System.Globalization;
using System.Security.Cryptography;
using System.Text;

using Microsoft.Extensions.Options;

namespace PlatformBot.Slack;

/// <summary>
/// Checks Slack's request signature: HMAC-SHA256 over <c>v0:{timestamp}:{raw body}</c> keyed with the signing
/// secret, compared in constant time, with a ±300 s replay window. Fails closed: no secret means no request is valid.
/// </summary>
public sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider timeProvider)
{
    public const string SignatureHeader = "X-Slack-Signature";
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>Slack's documented replay window, applied in both directions (clock skew cuts both ways).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private const string VersionPrefix = "v0=";
    private const int HexDigestLength = 64;

    public SlackVerificationResult Verify(ReadOnlySpan<byte> rawBody, string? timestamp, string? signature)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrWhiteSpace(secret))
        {
            return new(SlackVerificationFailure.NoSigningSecretConfigured, "no signing secret is configured");
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            return new(SlackVerificationFailure.MissingTimestamp, $"{TimestampHeader} header is missing");
        }

        // NumberStyles.None: digits only, so the string hashed below is exactly the number that was checked.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return new(SlackVerificationFailure.InvalidTimestamp, $"{TimestampHeader} header is not a Unix time in seconds");
        }

        var now = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var skew = now - seconds; // seconds >= 0 and now is a present-day time, so this cannot overflow
        if (Math.Abs(skew) > (long)MaxClockSkew.TotalSeconds)
        {
            return new(
                SlackVerificationFailure.TimestampOutsideWindow,
                string.Create(CultureInfo.InvariantCulture, $"request timestamp is {skew} s away from now (allowed ±{(long)MaxClockSkew.TotalSeconds} s)"));
        }

        if (string.IsNullOrEmpty(signature))
        {
            return new(SlackVerificationFailure.MissingSignature, $"{SignatureHeader} header is missing");
        }

        Span<byte> expected = stackalloc byte[VersionPrefix.Length + HexDigestLength];
        ComputeSignature(secret, timestamp, rawBody, expected);

        // Unequal lengths fail at once inside FixedTimeEquals; the length of a signature is no secret.
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual)
            ? SlackVerificationResult.Valid
            : new(SlackVerificationFailure.SignatureMismatch, "signature does not match");
    }

    /// <summary>
    /// Computes <c>v0=&lt;lowercase hex&gt;</c> for a body. Public so tests and tools can sign requests the way Slack does.
    /// </summary>
    public static string ComputeSignature(string signingSecret, string timestamp, ReadOnlySpan<byte> rawBody)
    {
        ArgumentException.ThrowIfNullOrEmpty(signingSecret);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        Span<byte> buffer = stackalloc byte[VersionPrefix.Length + HexDigestLength];
        ComputeSignature(signingSecret, timestamp, rawBody, buffer);
        return Encoding.ASCII.GetString(buffer);
    }

    private static void ComputeSignature(string secret, string timestamp, ReadOnlySpan<byte> rawBody, Span<byte> destination)
    {
        // Incremental hashing avoids copying the body into one "v0:ts:body" buffer.
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData("v0:"u8);
        hmac.AppendData(Encoding.UTF8.GetBytes(timestamp));
        hmac.AppendData(":"u8);
        hmac.AppendData(rawBody);
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(digest);

        "v0="u8.CopyTo(destination);
        var hex = destination[VersionPrefix.Length..];
        Convert.TryToHexStringLower(digest, hex, out _);
    }
}
