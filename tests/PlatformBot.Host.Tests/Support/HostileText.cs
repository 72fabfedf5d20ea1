namespace PlatformBot.Host.Tests.Support;

/// <summary>
/// Data that tries to become markup on some surface: Slack mentions and links, Markdown links and emphasis, Teams
/// mentions, code and strike. A rendering is inert when every text field shows such data literally and nothing in
/// it turned into a mention, a link or formatting.
/// </summary>
public static class HostileText
{
    /// <summary>Every trick in one name, so one account exercises all of them on every surface.</summary>
    public const string Name = "Acme <!channel> <!here> <@U1> [x](https://evil.example) **b** _i_ & <c> <at>x</at> `code` ~s~";

    public static readonly string[] Pieces =
        ["<!channel>", "<!here>", "<@U1>", "[x](https://evil.example)", "**b**", "_i_", "&", "<c>", "<at>x</at>", "`code`", "~s~"];

    /// <summary>A piece only the name has: a field showing it shows part of the name, so it must show all of it.</summary>
    private const string Sentinel = "evil.example";

    /// <summary>
    /// No field holds a live mention or link other than <paramref name="allowedLive"/> (the bot's own, e.g. "Shared by
    /// &lt;@U…&gt;"); every markup field that shows part of <paramref name="text"/> shows all of it, literally (a marker
    /// that formatted something would be missing); and at least one field shows it.
    /// </summary>
    public static void AssertInert(IReadOnlyList<(string Path, MarkupReading Reading)> fields, string surface, string text = Name, params string[] allowedLive)
    {
        Assert.NotEmpty(fields);
        foreach (var (path, reading) in fields)
        {
            var unexpected = reading.MentionsAndLinks.Where(l => !allowedLive.Any(a => l.Contains(a, StringComparison.Ordinal))).ToList();
            Assert.True(unexpected.Count == 0, $"{surface} {path}: live {string.Join(", ", unexpected)} in \"{reading.Visible}\"");
            if (reading.IsMarkup && reading.Visible.Contains(Sentinel, StringComparison.Ordinal))
            {
                Assert.True(reading.Visible.Contains(text, StringComparison.Ordinal),
                    $"{surface} {path}: the data does not read literally ({string.Join(", ", reading.Live)}): \"{reading.Visible}\"");
            }
        }

        Assert.True(fields.Any(f => f.Reading.Visible.Contains(text, StringComparison.Ordinal)), $"{surface}: no field shows \"{text}\"");
    }
}
