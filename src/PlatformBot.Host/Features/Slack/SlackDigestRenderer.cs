using System.Text;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

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
