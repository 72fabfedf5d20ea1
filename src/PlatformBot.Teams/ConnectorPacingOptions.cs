namespace PlatformBot.Teams;

/// <summary>
/// Local per-conversation pacing so fan-out stays under Teams' limits (7 per second, 60 per 30 seconds per bot per
/// conversation) instead of provoking 429s.
/// </summary>
public sealed class ConnectorPacingOptions
{
    public bool Enabled { get; set; } = true;

    public int PermitsPerSecond { get; set; } = 7;

    public int PermitsPer30Seconds { get; set; } = 60;

    /// <summary>Sends that may wait for a permit per conversation; beyond that a send fails fast.</summary>
    public int QueueLimit { get; set; } = 200;

    internal IEnumerable<string> Validate()
    {
        if (PermitsPerSecond < 1 || PermitsPer30Seconds < 1 || QueueLimit < 0)
        {
            yield return $"{TeamsOptions.SectionName}:{nameof(TeamsOptions.Pacing)}: permits must be positive and {nameof(QueueLimit)} non-negative.";
        }
    }
}
