using PlatformBot.Host.Features.Digests;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// A digest as Slack receives it: one top-level message (headline, summary, footer), thread replies with the
/// details (each within 50 blocks, 3,000 characters per section and the ~12k aggregate cap), an optional chart for
/// the thread, and the same content as plain mrkdwn text for when Slack rejects blocks.
/// </summary>
public sealed record SlackDigest(SlackMessage TopLevel, IReadOnlyList<SlackMessage> Thread, DigestChart? Chart, string FallbackTopLevel, IReadOnlyList<string> FallbackThread)
{
    /// <summary>
    /// The plain-text form of one thread message (one or more texts of at most 3,500 characters): when Slack rejects
    /// reply <paramref name="index"/>, that reply and the ones after it go as text, and nothing already posted repeats.
    /// </summary>
    public IReadOnlyList<string> ThreadText(int index) => SlackDigestRenderer.PlainTexts(Thread[index]);
}
