namespace PlatformBot.Host.Features.Digests;

/// <summary>What a send did, in words for the CLI and the log.</summary>
public sealed record SendOutcome(string Status, string Message, long? DeliveryId = null, string? MessageId = null)
{
    /// <summary>True when nothing went wrong (sent, skipped, or already delivered by someone else).</summary>
    public bool Succeeded => Status is DigestStatus.Sent or DigestStatus.Skipped or "already-claimed";

    /// <summary>The platform refused the channel (archived, bot removed, blocked): expected in normal running.</summary>
    public bool ChannelRefused { get; init; }

    /// <summary>
    /// How loud the outcome is in the log: a refused channel is Warning (the subscription is paused and its creator
    /// told; nothing is wrong with the bot), any other failure Error.
    /// </summary>
    public LogLevel Level => Succeeded ? LogLevel.Information : ChannelRefused ? LogLevel.Warning : LogLevel.Error;
}
