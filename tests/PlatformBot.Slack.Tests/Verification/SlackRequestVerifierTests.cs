using System.Text;

using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Slack.Tests;

public sealed class SlackRequestVerifierTests
{
    // Slack's documented example (docs.slack.dev/authentication/verifying-requests-from-slack).
    private const string DocSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    private const string DocTimestamp = "1531420618";
    private const string DocBody = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private const string DocSignature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";

    private static readonly DateTimeOffset DocTime = DateTimeOffset.FromUnixTimeSeconds(1531420618);

    private static SlackRequestVerifier Verifier(string? secret = DocSecret, DateTimeOffset? now = null) =>
        new(TestOptions.Wrap(new SlackOptions { SigningSecret = secret }), new FakeTimeProvider(now ?? DocTime));

    private static byte[] Body(string body = DocBody) => Encoding.UTF8.GetBytes(body);

    [Fact]
    public void Slacks_documented_test_vector_is_valid()
    {
        var result = Verifier().Verify(Body(), DocTimestamp, DocSignature);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void ComputeSignature_reproduces_the_documented_signature()
    {
        Assert.Equal(DocSignature, SlackRequestVerifier.ComputeSignature(DocSecret, DocTimestamp, Body()));
    }

    [Fact]
    public void Wrong_secret_is_a_mismatch()
    {
        var result = Verifier("another-secret").Verify(Body(), DocTimestamp, DocSignature);

        Assert.Equal(SlackVerificationFailure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public void Tampered_body_is_a_mismatch()
    {
        var result = Verifier().Verify(Body(DocBody.Replace("text=", "text=rm%20-rf", StringComparison.Ordinal)), DocTimestamp, DocSignature);

        Assert.Equal(SlackVerificationFailure.SignatureMismatch, result.Failure);
    }

    [Fact]
    public void Uppercase_hex_signature_is_rejected_because_slack_sends_lowercase()
    {
        var upper = "v0=" + DocSignature[3..].ToUpperInvariant();

        Assert.False(Verifier().Verify(Body(), DocTimestamp, upper).IsValid);
    }

    [Theory]
    [InlineData(301)]
    [InlineData(-301)]
    public void Timestamp_more_than_300_seconds_away_is_rejected_in_both_directions(int offsetSeconds)
    {
        var result = Verifier(now: DocTime.AddSeconds(offsetSeconds)).Verify(Body(), DocTimestamp, DocSignature);

        Assert.Equal(SlackVerificationFailure.TimestampOutsideWindow, result.Failure);
    }

    [Theory]
    [InlineData(300)]
    [InlineData(-300)]
    public void Timestamp_exactly_300_seconds_away_is_accepted(int offsetSeconds)
    {
        var result = Verifier(now: DocTime.AddSeconds(offsetSeconds)).Verify(Body(), DocTimestamp, DocSignature);

        Assert.True(result.IsValid, result.Reason);
    }

    [Fact]
    public void Future_timestamp_signed_correctly_is_still_rejected()
    {
        // A correct signature over a timestamp 301 s ahead of our clock: the window, not the HMAC, rejects it.
        var future = (1531420618 + 301).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = SlackRequestVerifier.ComputeSignature(DocSecret, future, Body());

        var result = Verifier().Verify(Body(), future, signature);

        Assert.Equal(SlackVerificationFailure.TimestampOutsideWindow, result.Failure);
    }

    [Theory]
    [InlineData(null, DocSignature, SlackVerificationFailure.MissingTimestamp)]
    [InlineData("", DocSignature, SlackVerificationFailure.MissingTimestamp)]
    [InlineData(DocTimestamp, null, SlackVerificationFailure.MissingSignature)]
    [InlineData(DocTimestamp, "", SlackVerificationFailure.MissingSignature)]
    public void Missing_headers_are_rejected(string? timestamp, string? signature, SlackVerificationFailure expected)
    {
        Assert.Equal(expected, Verifier().Verify(Body(), timestamp, signature).Failure);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("1531420618.5")]
    [InlineData("-1531420618")]
    [InlineData(" 1531420618")]
    [InlineData("+1531420618")]
    [InlineData("99999999999999999999999")]
    public void Non_numeric_timestamp_is_rejected(string timestamp)
    {
        Assert.Equal(SlackVerificationFailure.InvalidTimestamp, Verifier().Verify(Body(), timestamp, DocSignature).Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void No_signing_secret_configured_fails_closed(string? secret)
    {
        var result = Verifier(secret).Verify(Body(), DocTimestamp, DocSignature);

        Assert.Equal(SlackVerificationFailure.NoSigningSecretConfigured, result.Failure);
    }

    [Theory]
    [InlineData("v0=a2114d57")]
    [InlineData("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b50300")]
    [InlineData("v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    [InlineData("v0=ä2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")]
    public void Signature_of_another_length_or_version_is_a_mismatch(string signature)
    {
        Assert.Equal(SlackVerificationFailure.SignatureMismatch, Verifier().Verify(Body(), DocTimestamp, signature).Failure);
    }

    [Fact]
    public void Failure_reasons_never_contain_the_secret_or_the_expected_signature()
    {
        var result = Verifier().Verify(Body(), DocTimestamp, "v0=00");

        Assert.DoesNotContain(DocSecret, result.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(DocSignature[3..], result.Reason, StringComparison.Ordinal);
    }
}
