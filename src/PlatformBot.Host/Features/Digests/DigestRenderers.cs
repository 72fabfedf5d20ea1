using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Digests;

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

public static class SlackDigestRenderer
{
    private const int SectionBudget = BlockKitLimits.MaxSectionText - 100;
    private const int MessageTextBudget = 11_000;
    private const int MessageBlockBudget = 45;
    private const int FallbackTextBudget = 3_500;

    public static SlackDigest Render(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var top = new List<Block>
        {
            HeaderBlock.Create(Cut(PlainTextEscaper.Escape(content.Title), BlockKitLimits.MaxHeaderText)),
            SectionBlock.VerbatimMrkdwn(Cut(SlackText.Escape(content.Headline), SectionBudget)),
        };
        foreach (var block in content.Summary)
        {
            top.AddRange(Sections(block));
        }

        if (content.Details.Count > 0 || content.Chart is not null)
        {
            top.Add(new ContextBlock([TextObject.VerbatimMrkdwn("Details" + (content.Chart is not null ? " and a chart" : string.Empty) + " in the thread.")]));
        }

        top.Add(new ContextBlock([TextObject.VerbatimMrkdwn(SlackText.Escape(content.Footer.Text))]));
        var topMessage = new SlackMessage { Text = Cut(SlackText.Escape(content.Headline), 3_000), Blocks = top, UnfurlLinks = false, UnfurlMedia = false };

        // Every message states its data date, filters and zone: each thread reply ends with the footer too.
        var footer = new ContextBlock([TextObject.VerbatimMrkdwn(SlackText.Escape(content.Footer.Text))]);
        var thread = new List<SlackMessage>();
        var current = new List<Block>();
        var chars = 0;
        foreach (var section in content.Details.SelectMany(Sections))
        {
            var length = TextLength(section);
            if (current.Count > 0 && (current.Count + 1 > MessageBlockBudget || chars + length > MessageTextBudget))
            {
                thread.Add(ThreadMessage(current, footer));
                current = [];
                chars = 0;
            }

            current.Add(section);
            chars += length;
        }

        if (current.Count > 0)
        {
            thread.Add(ThreadMessage(current, footer));
        }

        return new SlackDigest(topMessage, thread, content.Chart, FallbackTop(content), FallbackThread(content));
    }

    /// <summary>A rendered message's sections and context lines as mrkdwn text, split to fit the text fallback's budget.</summary>
    internal static IReadOnlyList<string> PlainTexts(SlackMessage message)
    {
        var parts = (message.Blocks ?? []).Select(b => b switch
        {
            SectionBlock s => s.Text?.Text,
            ContextBlock c => string.Join(' ', c.Elements.OfType<TextObject>().Select(t => t.Text)),
            HeaderBlock h => "*" + h.Text.Text + "*",
            _ => null,
        }).Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!).ToList();
        if (parts.Count == 0 && !string.IsNullOrWhiteSpace(message.Text))
        {
            parts.Add(message.Text);
        }

        // Whole sections together (a code block must not be split); every section is under the budget already.
        var texts = new List<string>();
        var text = new StringBuilder();
        foreach (var part in parts.Select(p => Cut(p, FallbackTextBudget)))
        {
            if (text.Length > 0 && text.Length + part.Length + 2 > FallbackTextBudget)
            {
                texts.Add(text.ToString().TrimEnd());
                text.Clear();
            }

            text.Append(part).Append("\n\n");
        }

        if (text.Length > 0)
        {
            texts.Add(text.ToString().TrimEnd());
        }

        return texts;
    }

    /// <summary>The message a DM or alert channel receives about a failure.</summary>
    public static SlackMessage Alert(string text) => new() { Text = Cut(SlackText.EscapeLines(text), 3_900) };

    private static SlackMessage ThreadMessage(List<Block> blocks, ContextBlock footer)
    {
        var first = blocks.OfType<SectionBlock>().Select(b => b.Text?.Text).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "Details";
        var firstLine = first.Split('\n')[0];
        return new SlackMessage { Text = Cut(firstLine, 300), Blocks = [.. blocks, footer], UnfurlLinks = false, UnfurlMedia = false };
    }

    /// <summary>One digest block as sections of at most ~2,900 characters; a long list continues in the next section.</summary>
    private static IEnumerable<Block> Sections(DigestBlock block)
    {
        switch (block)
        {
            case DigestList list:
            {
                var lines = list.Lines.Select(l => "• " + (l.Strong is null ? SlackText.Escape(l.Text) : $"*{SlackText.Escape(l.Strong)}* {SlackText.Escape(l.Text)}"));
                if (list.More is not null)
                {
                    lines = lines.Append("_" + SlackText.Escape(list.More) + "_");
                }

                foreach (var chunk in Chunk("*" + SlackText.Escape(list.Title) + "*", lines, SectionBudget))
                {
                    yield return SectionBlock.VerbatimMrkdwn(chunk);
                }

                break;
            }

            case DigestTable table:
            {
                // Code blocks keep columns aligned; each chunk repeats the header row.
                var header = table.Aligned().First();
                var body = table.Aligned().Skip(1).ToList();
                var title = "*" + SlackText.Escape(table.Title) + "*";
                var pending = new List<string>();
                var length = title.Length + header.Length + 10;
                foreach (var row in body)
                {
                    if (pending.Count > 0 && length + row.Length + 1 > SectionBudget)
                    {
                        yield return SectionBlock.VerbatimMrkdwn(CodeBlock(title, header, pending));
                        pending = [];
                        length = title.Length + header.Length + 10;
                    }

                    pending.Add(row);
                    length += row.Length + 1;
                }

                yield return SectionBlock.VerbatimMrkdwn(CodeBlock(title, header, pending));
                break;
            }

            case DigestNote note:
                yield return new ContextBlock([TextObject.VerbatimMrkdwn(Cut(SlackText.Escape(note.Text), BlockKitLimits.MaxContextText))]);
                break;
        }
    }

    private static string CodeBlock(string title, string header, List<string> rows) =>
        title + "\n```\n" + SlackText.Escape(header) + "\n" + string.Join('\n', rows.Select(SlackText.Escape)) + "\n```";

    private static IEnumerable<string> Chunk(string title, IEnumerable<string> lines, int budget)
    {
        var text = new StringBuilder(title);
        var hasLines = false;
        foreach (var raw in lines)
        {
            var line = Cut(raw, budget - title.Length - 20);
            if (hasLines && text.Length + line.Length + 1 > budget)
            {
                yield return text.ToString();
                text.Clear().Append(title).Append(" (continued)");
            }

            text.Append('\n').Append(line);
            hasLines = true;
        }

        yield return text.ToString();
    }

    private static int TextLength(Block block) => block switch
    {
        SectionBlock s => s.Text?.Text.Length ?? 0,
        ContextBlock c => c.Elements.OfType<TextObject>().Sum(t => t.Text.Length),
        HeaderBlock h => h.Text.Text.Length,
        _ => 0,
    };

    private static string FallbackTop(DigestContent content)
    {
        var text = new StringBuilder();
        text.Append('*').Append(SlackText.Escape(content.Title)).Append("*\n").Append(SlackText.Escape(content.Headline));
        foreach (var line in content.Summary.SelectMany(b => b.ToPlainLines()))
        {
            text.Append('\n').Append(SlackText.Escape(line));
        }

        text.Append("\n_").Append(SlackText.Escape(content.Footer.Text)).Append('_');
        return Cut(text.ToString(), FallbackTextBudget);
    }

    private static List<string> FallbackThread(DigestContent content)
    {
        var footer = "\n_" + SlackText.Escape(content.Footer.Text) + "_";
        var budget = FallbackTextBudget - footer.Length;
        var messages = new List<string>();
        var text = new StringBuilder();
        foreach (var line in content.Details.SelectMany(b => b.ToPlainLines().Append(string.Empty)))
        {
            var escaped = SlackText.Escape(line);
            if (text.Length > 0 && text.Length + escaped.Length + 1 > budget)
            {
                messages.Add(text.ToString().TrimEnd() + footer);
                text.Clear();
            }

            text.Append(Cut(escaped, budget)).Append('\n');
        }

        if (text.Length > 0 && !string.IsNullOrWhiteSpace(text.ToString()))
        {
            messages.Add(text.ToString().TrimEnd() + footer);
        }

        return messages;
    }

    internal static string Cut(string text, int max) => BlockKitLimits.Truncate(text, max, mrkdwn: true);
}

/// <summary>
/// A digest for Teams: one Adaptive Card 1.5 with the headline, tables, lists and footer, and the chart as a second
/// card (a reply in the post's thread). Every message stays within <see cref="AdaptiveCardValidator.ConservativeMessageBytes"/>
/// (lists are shortened until it fits; the footer says what was left out). The chart is an inline PNG (data: URI,
/// which Teams shows in bot cards) in a message of its own, so the digest never depends on the image: if Teams
/// refuses the picture, a text note takes its place and the numbers are in the card already.
/// </summary>
public static class TeamsDigestRenderer
{
    /// <summary>The budget every digest message keeps to, inline images not counted (as Teams counts).</summary>
    public const int MessageBudget = AdaptiveCardValidator.ConservativeMessageBytes;

    public static Activity Render(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var maxLines in new[] { int.MaxValue, 100, 40, 15, 5 })
        {
            var activity = Activity.CreateCardMessage(Card(content, maxLines), TeamsText.Escape(content.Headline));
            if (AdaptiveCardValidator.ValidateMessage(activity, MessageBudget).IsValid)
            {
                return activity;
            }
        }

        return Activity.CreateCardMessage(Card(content, 0), TeamsText.Escape(content.Headline));
    }

    /// <summary>
    /// The chart as a card of its own (title, image, alt text carrying the numbers), or null when even the whole
    /// message with the image would exceed Teams' documented limit (it would be refused).
    /// </summary>
    public static Activity? RenderChart(DigestChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var card = new AdaptiveCardBuilder().FullWidth().WithFallbackText(chart.Title)
            .Add(AdaptiveElements.TextBlock(TeamsText.Escape(chart.Title), weight: TextWeight.Bolder))
            .Add(AdaptiveElements.ImageData(chart.CompactPng, "image/png", chart.AltText, ImageSize.Stretch))
            .Build();
        var activity = Activity.CreateCardMessage(card, TeamsText.Escape(chart.Title));
        var validation = AdaptiveCardValidator.ValidateMessage(activity, MessageBudget);
        return validation.IsValid && validation.TotalBytes <= AdaptiveCardValidator.MaxMessageBytes ? activity : null;
    }

    /// <summary>The note that replaces a chart Teams refused (or that was too large to send).</summary>
    public static Activity ChartNote(string problem) =>
        Activity.CreateMessage(TeamsText.Escape($"The chart could not be shown ({problem}); the same numbers are in the card above."));

    /// <summary>The message a creator's 1:1 chat or the alert channel receives about a failure: escaped, within 4,000 characters.</summary>
    public static Activity Alert(string text) => Activity.CreateMessage(TeamsText.EscapeLines(text.Length > 4_000 ? text[..4_000] + "…" : text));

    /// <summary>The text-only fallback when Teams rejects the card; cut to fit <see cref="MessageBudget"/>.</summary>
    public static Activity RenderText(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = TeamsText.EscapeLines(content.ToPlainText());
        var activity = Activity.CreateMessage(text);
        for (var max = 12_000; AdaptiveCardValidator.ValidateMessage(activity, MessageBudget).MessageBytes > MessageBudget && max > 500; max = max * 3 / 4)
        {
            // JSON escaping and non-ASCII characters make bytes exceed characters; shrink until the message fits.
            activity = Activity.CreateMessage(text.Length > max ? text[..max] + "\n\n… (cut to fit Teams' message size)" : text);
        }

        return activity;
    }

    /// <summary>Teams' one escaper: every string of the content is data to Markdown; our own markup is added after.</summary>
    private static string Esc(string? text) => TeamsText.Escape(text);

    private static JsonObject Card(DigestContent content, int maxLines)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(PlainTextEscaper.Escape(content.Headline));
        builder.Add(
            AdaptiveElements.TextBlock(Esc(content.Title), TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(Esc(content.Headline)));
        var cut = 0;
        foreach (var block in content.Summary.Concat(content.Details))
        {
            switch (block)
            {
                case DigestTable table:
                    builder.Add(
                        AdaptiveElements.TextBlock(Esc(table.Title), weight: TextWeight.Bolder),
                        AdaptiveElements.TextTable([.. table.Headers.Select(Esc)], table.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Esc)])));
                    break;
                case DigestList list:
                {
                    var shown = list.Lines.Take(maxLines).ToList();
                    cut += list.Lines.Count - shown.Count;
                    var lines = shown.Select(l => "- " + (l.Strong is null ? Esc(l.Text) : $"**{Esc(l.Strong)}** {Esc(l.Text)}")).ToList();
                    if (list.More is not null)
                    {
                        lines.Add("_" + Esc(list.More) + "_");
                    }

                    builder.Add(AdaptiveElements.TextBlock(Esc(list.Title), weight: TextWeight.Bolder));
                    if (lines.Count > 0)
                    {
                        builder.Add(AdaptiveElements.TextBlock(string.Join("\r", lines)));
                    }

                    break;
                }

                case DigestNote note:
                    builder.Add(AdaptiveElements.TextBlock(Esc(note.Text), isSubtle: true));
                    break;
            }
        }

        if (content.Chart is not null)
        {
            builder.Add(AdaptiveElements.TextBlock("The chart follows in a reply.", TextSize.Small, isSubtle: true));
        }

        var footer = content.Footer.Text + (cut > 0 ? string.Create(CultureInfo.InvariantCulture, $" · {cut} more account line(s) left out to fit Teams' message size") : string.Empty);
        builder.Add(AdaptiveElements.TextBlock(Esc(footer), TextSize.Small, isSubtle: true));
        return builder.Build();
    }
}
