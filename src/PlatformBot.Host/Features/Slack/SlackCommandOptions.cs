namespace PlatformBot.Host.Features.Slack;

/// <summary>Host settings of the Slack commands (section <c>Slack</c>, beside the adapter's own settings).</summary>
public sealed class SlackCommandOptions
{
    public const string Section = "Slack";

    /// <summary>
    /// How long a slash command's HTTP response waits for the reply. Ready in time (the usual case: a lookup takes
    /// milliseconds), the reply is the response itself and nothing goes to response_url; otherwise Slack gets an empty
    /// acknowledgement and the reply follows through response_url when it is ready. 0 = always response_url. Slack
    /// gives 3 s in all; at most 2.5 s so the acknowledgement is never late.
    /// </summary>
    public TimeSpan InlineAnswerTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Queued Slack work items run at once (lookups, Home views, shares).</summary>
    public int Workers { get; set; } = 8;

    internal IEnumerable<string> Validate()
    {
        if (InlineAnswerTimeout < TimeSpan.Zero || InlineAnswerTimeout > TimeSpan.FromSeconds(2.5))
        {
            yield return "Slack:InlineAnswerTimeout must be between 00:00:00 and 00:00:02.5 (Slack waits 3 s for the acknowledgement).";
        }

        if (Workers is < 1 or > 64)
        {
            yield return "Slack:Workers must be 1..64.";
        }
    }
}
