namespace PlatformBot.Slack;

/// <summary>Where an interaction came from: a message (channel_id + message_ts) or a view (view_id).</summary>
public sealed record InteractionContainer
{
    public string? Type { get; init; }

    public string? MessageTs { get; init; }

    public string? ChannelId { get; init; }

    public bool? IsEphemeral { get; init; }

    public string? ViewId { get; init; }
}
