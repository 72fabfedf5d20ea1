using System.Text;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Slack;

/// <summary>
/// A digest for Slack: the headline message, thread replies within Block Kit's budgets, and text fallbacks. A list's
/// accounts lead to their cards: each list section carries one select of its accounts (the pick list's
/// <see cref="BlockKitRenderer.PickAccountAction"/>, so the card opens privately for the clicker, with ARR as the
/// clicker may see it), and a cut list ends with a "Show all" button (<see cref="ShowAllAction"/>, ADR 0025).
/// </summary>
public static class SlackDigestRenderer
{
    /// <summary>The "Show all" button under a cut list; its value is a <see cref="DigestShowAll"/>.</summary>
    public const string ShowAllAction = "digest_show_all";

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

    /// <summary>
    /// A whole list asked for with "Show all", as thread replies split within the same budgets as a digest thread,
    /// the last one saying who asked.
    /// </summary>
    public static IReadOnlyList<SlackMessage> RenderWhole(DigestContent content, string userId)
    {
        var thread = Render(content).Thread.ToList();
        if (thread.Count > 0)
        {
            var last = thread[^1];
            thread[^1] = last with
            {
                Blocks = [.. last.Blocks ?? [], new ContextBlock([TextObject.VerbatimMrkdwn(SlackText.Escape(Wording.ShowAllAskedBy) + " " + SlackText.UserMention(userId))])],
            };
        }

        return thread;
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
                // One select per section (not a button per account): a section per account would spend a block on
                // each, and a 200-account list would need five thread messages instead of two (ADR 0025).
                var lines = list.Lines.Select(l => (Line: l, Text: "• " + LineText(l)));
                foreach (var (text, members) in Chunk("*" + SlackText.Escape(list.Title) + "*", lines, SectionBudget))
                {
                    yield return new SectionBlock { Text = TextObject.VerbatimMrkdwn(text), Accessory = CardSelect(members) };
                }

                if (list.More is not null)
                {
                    var value = list.ShowAll?.ToValue();
                    yield return new SectionBlock
                    {
                        Text = TextObject.VerbatimMrkdwn("_" + SlackText.Escape(list.More) + "_"),
                        Accessory = value is { Length: <= BlockKitLimits.MaxButtonValue } ? new ButtonElement(new PlainText(Wording.ShowAll), ShowAllAction) { Value = value } : null,
                    };
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

    /// <summary>"*Acme* (A1 · owner sam@example.com · CSM jo@example.com) 2 → 3+": every part escaped, then our bold.</summary>
    private static string LineText(DigestLine line) => line.Strong is null
        ? SlackText.Escape(line.Text)
        : $"*{SlackText.Escape(line.Strong)}* {(line.Who is null ? string.Empty : "(" + SlackText.Escape(line.Who) + ") ")}{SlackText.Escape(line.Text)}";

    /// <summary>The select that opens a listed account's card for the clicker (the pick list's action); null without accounts.</summary>
    private static StaticSelectElement? CardSelect(List<DigestLine> lines)
    {
        var options = lines.Where(l => l.AccountId is { Length: > 0 and <= BlockKitLimits.MaxOptionValue })
            .DistinctBy(l => l.AccountId, StringComparer.Ordinal).Take(BlockKitLimits.MaxOptions)
            .Select(l => new SlackOption(new PlainText(BlockKitRenderer.OptionText(l.Strong ?? l.AccountId!, l.AccountId!)), l.AccountId!)).ToList();
        return options.Count == 0 ? null : new StaticSelectElement(BlockKitRenderer.PickAccountAction, new PlainText(Wording.OpenCardPlaceholder)) { Options = options };
    }

    /// <summary>Lines into sections of at most <paramref name="budget"/> characters, each with the lines it holds.</summary>
    private static IEnumerable<(string Text, List<DigestLine> Lines)> Chunk(string title, IEnumerable<(DigestLine Line, string Text)> lines, int budget)
    {
        var text = new StringBuilder(title);
        var members = new List<DigestLine>();
        foreach (var (item, raw) in lines)
        {
            var line = Cut(raw, budget - title.Length - 20);
            // A select holds at most 100 options: a section never holds more accounts than its select can offer.
            if (members.Count > 0 && (text.Length + line.Length + 1 > budget || members.Count == BlockKitLimits.MaxOptions))
            {
                yield return (text.ToString(), members);
                text.Clear().Append(title).Append(" (continued)");
                members = [];
            }

            text.Append('\n').Append(line);
            members.Add(item);
        }

        yield return (text.ToString(), members);
    }

    private static int TextLength(Block block) => block switch
    {
        // Slack's 12,000-character budget counts a select's options and a button's text too (BlockKitLimits).
        SectionBlock s => (s.Text?.Text.Length ?? 0) + s.Accessory switch
        {
            StaticSelectElement select => select.Placeholder.Text.Length + (select.Options?.Sum(o => o.Text.Text.Length) ?? 0),
            ButtonElement button => button.Text.Text.Length,
            _ => 0,
        },
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
