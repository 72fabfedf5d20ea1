using System.Globalization;

namespace PlatformBot.Slack;

/// <summary>
/// Slack rejects a whole message (invalid_blocks, msg_blocks_too_long) when one part is over a limit, and the user
/// then sees nothing. This enforcer cuts instead: visible text gets a "… (cut: N more)" note so the reader knows
/// something is missing; identifiers (value, action_id, block_id) are cut without a note because no one sees them.
/// Top-level text is always set, since notifications and screen readers show only that.
/// </summary>
public static class BlockKitLimits
{
    public const int MaxMessageBlocks = 50;
    public const int MaxViewBlocks = 100;
    public const int MaxSectionText = 3000;
    public const int MaxHeaderText = 150;
    public const int MaxSectionFields = 10;
    public const int MaxFieldText = 2000;
    public const int MaxContextElements = 10;
    public const int MaxContextText = 3000;
    public const int MaxActionsElements = 25;
    public const int MaxButtonText = 75;
    public const int MaxButtonValue = 2000;
    public const int MaxUrl = 3000;
    public const int MaxActionId = 255;
    public const int MaxBlockId = 255;
    public const int MaxOptionText = 75;
    public const int MaxOptionValue = 150;
    public const int MaxOptions = 100;
    public const int MaxOverflowOptions = 5;
    public const int MaxPlaceholderText = 150;
    public const int MaxImageAltText = 2000;
    public const int MaxImageTitle = 2000;
    public const int MaxConfirmTitle = 100;
    public const int MaxConfirmText = 300;
    public const int MaxConfirmButtonText = 30;
    public const int MaxTopLevelText = 4000;

    /// <summary>
    /// Undocumented cap: bolt-js #2509 saw msg_blocks_too_long at about 13k characters across blocks whose every
    /// part was within its own limit. We stay under it with room to spare.
    /// </summary>
    public const int MaxAggregateBlockText = 12_000;

    /// <summary>Used as top-level text when a message has neither text nor anything in its blocks to summarise.</summary>
    public const string FallbackText = "New message";

    /// <summary>The note appended where content was cut.</summary>
    public static string CutNote(int count) => string.Create(CultureInfo.InvariantCulture, $"… (cut: {count} more)");

    public static BlockKitLimitResult<SlackMessage> Apply(SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        Enforcer enforcer = new();
        IReadOnlyList<Block>? blocks = message.Blocks is null
            ? null
            : enforcer.LimitBlocks(message.Blocks, MaxMessageBlocks, MaxAggregateBlockText);

        var text = message.Text;
        var needsText = message.DeleteOriginal != true || blocks is { Count: > 0 };
        if (string.IsNullOrWhiteSpace(text) && needsText)
        {
            // Summarise the blocks as given, so a "cut" note never becomes the notification text.
            text = Summarise(message.Blocks) ?? FallbackText;
            enforcer.Note("top-level text was empty; filled from the blocks");
        }

        if (text is not null)
        {
            text = enforcer.LimitString(text, MaxTopLevelText, mrkdwn: true, "top-level text");
        }

        return new(message with { Text = text, Blocks = blocks }, enforcer.Adjustments);
    }

    public static BlockKitLimitResult<HomeView> Apply(HomeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        Enforcer enforcer = new();
        // Views have their own, larger budget; the ~13k message cap is not reported for them.
        IReadOnlyList<Block> blocks = enforcer.LimitBlocks(view.Blocks, MaxViewBlocks, aggregateBudget: int.MaxValue);
        return new(view with { Blocks = blocks }, enforcer.Adjustments);
    }

    public static BlockKitLimitResult<BlockSuggestionResponse> Apply(BlockSuggestionResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Enforcer enforcer = new();
        var limited = response with
        {
            Options = response.Options is null ? null : enforcer.LimitOptions(response.Options, MaxOptions, "options"),
            OptionGroups = response.OptionGroups is null
                ? null
                : [.. response.OptionGroups.Take(MaxOptions).Select(g => g with { Options = enforcer.LimitOptions(g.Options, MaxOptions, "option group") })],
        };
        return new(limited, enforcer.Adjustments);
    }

    /// <summary>
    /// Cuts text to at most <paramref name="maxLength"/> characters including the note. Never splits a surrogate
    /// pair; for mrkdwn never leaves half an entity (&amp;amp;) or half a link/mention (&lt;…&gt;) behind.
    /// </summary>
    public static string Truncate(string text, int maxLength, bool mrkdwn)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (text.Length <= maxLength)
        {
            return text;
        }

        // The note's length depends on the number cut; the whole length is an upper bound for that number.
        var noteLength = CutNote(text.Length).Length;
        if (maxLength <= noteLength)
        {
            return SafePrefix(text, maxLength - 1, mrkdwn) + "…";
        }

        var kept = SafePrefix(text, maxLength - noteLength, mrkdwn);
        return kept + CutNote(text.Length - kept.Length);
    }

    private static string SafePrefix(string text, int length, bool mrkdwn)
    {
        if (length <= 0)
        {
            return string.Empty;
        }

        if (char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        if (mrkdwn)
        {
            var kept = text.AsSpan(0, length);
            var open = kept.LastIndexOf('<');
            if (open >= 0 && kept[open..].IndexOf('>') < 0)
            {
                length = open;
            }

            kept = text.AsSpan(0, length);
            var amp = kept.LastIndexOf('&');
            // Entities we produce are at most "&amp;" long; an '&' near the end without ';' is one cut in half.
            if (amp >= 0 && length - amp < 5 && kept[amp..].IndexOf(';') < 0)
            {
                length = amp;
            }
        }

        return text[..length];
    }

    private static string? Summarise(IReadOnlyList<Block>? blocks)
    {
        if (blocks is null)
        {
            return null;
        }

        foreach (var block in blocks)
        {
            var candidate = block switch
            {
                HeaderBlock header => header.Text.Text,
                SectionBlock { Text: { } text } => text.Text,
                SectionBlock { Fields: [var first, ..] } => first.Text,
                ContextBlock context => context.Elements.OfType<TextObject>().FirstOrDefault()?.Text,
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class Enforcer
    {
        private readonly List<string> _adjustments = [];

        public IReadOnlyList<string> Adjustments => _adjustments;

        public void Note(string adjustment) => _adjustments.Add(adjustment);

        public List<Block> LimitBlocks(IReadOnlyList<Block> input, int maxBlocks, int aggregateBudget)
        {
            List<Block> blocks = new(input.Count);
            for (var i = 0; i < input.Count; i++)
            {
                var block = LimitBlock(input[i], i, out var cutNote);
                if (block is not null)
                {
                    blocks.Add(block);
                }

                if (cutNote is not null)
                {
                    blocks.Add(cutNote);
                }
            }

            // One cut point for both the block count and the aggregate text budget, so at most one note is added.
            var cutAt = blocks.Count;
            var total = 0;
            for (var i = 0; i < blocks.Count; i++)
            {
                total += TextLength(blocks[i]);
                if (total > aggregateBudget)
                {
                    cutAt = i;
                    Note(string.Create(CultureInfo.InvariantCulture, $"blocks exceed {aggregateBudget} characters of text; cut at block {i}"));
                    break;
                }
            }

            if (blocks.Count > maxBlocks && cutAt > maxBlocks - 1)
            {
                cutAt = maxBlocks - 1;
                Note(string.Create(CultureInfo.InvariantCulture, $"{blocks.Count} blocks exceed the limit of {maxBlocks}"));
            }

            if (cutAt < blocks.Count)
            {
                var cut = blocks.Count - cutAt;
                blocks.RemoveRange(cutAt, cut);
                blocks.Add(new ContextBlock([new MrkdwnText(CutNote(cut))]));
            }

            return blocks;
        }

        public string LimitString(string text, int max, bool mrkdwn, string what)
        {
            if (text.Length <= max)
            {
                return text;
            }

            Note(string.Create(CultureInfo.InvariantCulture, $"{what} cut from {text.Length} to {max} characters"));
            return Truncate(text, max, mrkdwn);
        }

        private TextObject LimitText(TextObject text, int max, string what) => text switch
        {
            PlainText plain when plain.Text.Length > max => plain with { Text = LimitString(plain.Text, max, mrkdwn: false, what) },
            MrkdwnText markdown when markdown.Text.Length > max => markdown with { Text = LimitString(markdown.Text, max, mrkdwn: true, what) },
            _ => text,
        };

        private PlainText LimitPlain(PlainText text, int max, string what) =>
            text.Text.Length > max ? text with { Text = LimitString(text.Text, max, mrkdwn: false, what) } : text;

        private string LimitIdentifier(string value, int max, string what)
        {
            if (value.Length <= max)
            {
                return value;
            }

            Note(string.Create(CultureInfo.InvariantCulture, $"{what} cut from {value.Length} to {max} characters (no note: not visible)"));
            return SafePrefix(value, max, mrkdwn: false);
        }

        private string? LimitOptionalIdentifier(string? value, int max, string what) =>
            value is null ? null : LimitIdentifier(value, max, what);

        private Block? LimitBlock(Block block, int index, out ContextBlock? cutNote)
        {
            cutNote = null;
            var where = string.Create(CultureInfo.InvariantCulture, $"block {index}");
            Block? result;
            switch (block)
            {
                case SectionBlock section:
                    result = LimitSection(section, where);
                    break;
                case HeaderBlock header:
                    result = header with { Text = LimitPlain(header.Text, MaxHeaderText, $"{where} header text") };
                    break;
                case ContextBlock context:
                    result = LimitContext(context, where);
                    break;
                case ActionsBlock actions:
                    List<BlockElement> elements = [];
                    foreach (var element in actions.Elements)
                    {
                        if (LimitElement(element, where) is { } kept)
                        {
                            elements.Add(kept);
                        }
                    }

                    if (elements.Count > MaxActionsElements)
                    {
                        // An actions block may hold only interactive elements, so the note goes into a context block after it.
                        var cut = elements.Count - MaxActionsElements;
                        elements.RemoveRange(MaxActionsElements, cut);
                        Note(string.Create(CultureInfo.InvariantCulture, $"{where} had {cut} actions over the limit of {MaxActionsElements}"));
                        cutNote = new ContextBlock([new MrkdwnText(CutNote(cut))]);
                    }

                    result = elements.Count == 0 ? null : actions with { Elements = elements };
                    break;
                case ImageBlock image when image.ImageUrl.Length > MaxUrl:
                    Note($"{where} image dropped: URL longer than {MaxUrl}");
                    result = null;
                    break;
                case ImageBlock image:
                    result = image with
                    {
                        AltText = LimitString(image.AltText, MaxImageAltText, mrkdwn: false, $"{where} alt text"),
                        Title = image.Title is null ? null : LimitPlain(image.Title, MaxImageTitle, $"{where} title"),
                    };
                    break;
                default:
                    result = block;
                    break;
            }

            return result is null ? null : result with { BlockId = LimitOptionalIdentifier(result.BlockId, MaxBlockId, $"{where} block_id") };
        }

        private SectionBlock LimitSection(SectionBlock section, string where)
        {
            var text = section.Text is null ? null : LimitText(section.Text, MaxSectionText, $"{where} section text");
            var fields = section.Fields;
            if (fields is not null)
            {
                List<TextObject> kept = [.. fields.Select((f, i) => LimitText(f, MaxFieldText, $"{where} field {i}"))];
                if (kept.Count > MaxSectionFields)
                {
                    var cut = kept.Count - (MaxSectionFields - 1);
                    kept.RemoveRange(MaxSectionFields - 1, cut);
                    kept.Add(new MrkdwnText(CutNote(cut)));
                    Note(string.Create(CultureInfo.InvariantCulture, $"{where} had {fields.Count} fields over the limit of {MaxSectionFields}"));
                }

                fields = kept;
            }

            var accessory = section.Accessory is null ? null : LimitElement(section.Accessory, $"{where} accessory");
            return section with { Text = text, Fields = fields, Accessory = accessory };
        }

        private ContextBlock? LimitContext(ContextBlock context, string where)
        {
            List<IContextElement> elements = [];
            foreach (var element in context.Elements)
            {
                switch (element)
                {
                    case TextObject text:
                        elements.Add((IContextElement)LimitText(text, MaxContextText, $"{where} context text"));
                        break;
                    case ImageElement image:
                        if (LimitElement(image, where) is IContextElement kept)
                        {
                            elements.Add(kept);
                        }

                        break;
                    default:
                        elements.Add(element);
                        break;
                }
            }

            if (elements.Count > MaxContextElements)
            {
                var cut = elements.Count - (MaxContextElements - 1);
                elements.RemoveRange(MaxContextElements - 1, cut);
                elements.Add(new MrkdwnText(CutNote(cut)));
                Note(string.Create(CultureInfo.InvariantCulture, $"{where} had {context.Elements.Count} context elements over the limit of {MaxContextElements}"));
            }

            return elements.Count == 0 ? null : context with { Elements = elements };
        }

        private BlockElement? LimitElement(BlockElement element, string where)
        {
            switch (element)
            {
                case ButtonElement button:
                    var url = button.Url;
                    if (url is not null && url.Length > MaxUrl)
                    {
                        // A cut URL points somewhere else; a button without one still works as an action.
                        Note($"{where} button url dropped: longer than {MaxUrl}");
                        url = null;
                    }

                    return button with
                    {
                        Text = LimitPlain(button.Text, MaxButtonText, $"{where} button text"),
                        ActionId = LimitIdentifier(button.ActionId, MaxActionId, $"{where} action_id"),
                        Value = LimitOptionalIdentifier(button.Value, MaxButtonValue, $"{where} button value"),
                        Url = url,
                        Confirm = LimitConfirm(button.Confirm, where),
                    };
                case StaticSelectElement select:
                    return select with
                    {
                        ActionId = LimitIdentifier(select.ActionId, MaxActionId, $"{where} action_id"),
                        Placeholder = LimitPlain(select.Placeholder, MaxPlaceholderText, $"{where} placeholder"),
                        Options = select.Options is null ? null : LimitOptions(select.Options, MaxOptions, where),
                        OptionGroups = select.OptionGroups is null
                            ? null
                            : [.. select.OptionGroups.Take(MaxOptions).Select(g => g with { Options = LimitOptions(g.Options, MaxOptions, where) })],
                        InitialOption = select.InitialOption is null ? null : LimitOption(select.InitialOption, where),
                        Confirm = LimitConfirm(select.Confirm, where),
                    };
                case ExternalSelectElement external:
                    return external with
                    {
                        ActionId = LimitIdentifier(external.ActionId, MaxActionId, $"{where} action_id"),
                        Placeholder = LimitPlain(external.Placeholder, MaxPlaceholderText, $"{where} placeholder"),
                        InitialOption = external.InitialOption is null ? null : LimitOption(external.InitialOption, where),
                        Confirm = LimitConfirm(external.Confirm, where),
                    };
                case OverflowElement overflow:
                    return overflow with
                    {
                        ActionId = LimitIdentifier(overflow.ActionId, MaxActionId, $"{where} action_id"),
                        Options = LimitOptions(overflow.Options, MaxOverflowOptions, where),
                        Confirm = LimitConfirm(overflow.Confirm, where),
                    };
                case ImageElement image when image.ImageUrl.Length > MaxUrl:
                    Note($"{where} image element dropped: URL longer than {MaxUrl}");
                    return null;
                case ImageElement image:
                    return image with { AltText = LimitString(image.AltText, MaxImageAltText, mrkdwn: false, $"{where} alt text") };
                default:
                    return element;
            }
        }

        public List<SlackOption> LimitOptions(IReadOnlyList<SlackOption> options, int max, string where)
        {
            if (options.Count > max)
            {
                // A note cannot be an option (it would be selectable), so surplus options are only logged.
                Note(string.Create(CultureInfo.InvariantCulture, $"{where} had {options.Count} options over the limit of {max}"));
            }

            return [.. options.Take(max).Select(o => LimitOption(o, where))];
        }

        private SlackOption LimitOption(SlackOption option, string where) => option with
        {
            Text = LimitPlain(option.Text, MaxOptionText, $"{where} option text"),
            Value = LimitIdentifier(option.Value, MaxOptionValue, $"{where} option value"),
            Description = option.Description is null ? null : LimitPlain(option.Description, MaxOptionText, $"{where} option description"),
        };

        private ConfirmationDialog? LimitConfirm(ConfirmationDialog? confirm, string where) => confirm is null
            ? null
            : confirm with
            {
                Title = LimitPlain(confirm.Title, MaxConfirmTitle, $"{where} confirm title"),
                Text = LimitText(confirm.Text, MaxConfirmText, $"{where} confirm text"),
                Confirm = LimitPlain(confirm.Confirm, MaxConfirmButtonText, $"{where} confirm button"),
                Deny = LimitPlain(confirm.Deny, MaxConfirmButtonText, $"{where} deny button"),
            };

        private static int TextLength(Block block) => block switch
        {
            SectionBlock section => (section.Text?.Text.Length ?? 0)
                + (section.Fields?.Sum(f => f.Text.Length) ?? 0)
                + ElementTextLength(section.Accessory),
            HeaderBlock header => header.Text.Text.Length,
            ContextBlock context => context.Elements.OfType<TextObject>().Sum(t => t.Text.Length),
            ActionsBlock actions => actions.Elements.Sum(ElementTextLength),
            ImageBlock image => image.AltText.Length + (image.Title?.Text.Length ?? 0),
            _ => 0,
        };

        private static int ElementTextLength(BlockElement? element) => element switch
        {
            ButtonElement button => button.Text.Text.Length,
            StaticSelectElement select => select.Placeholder.Text.Length + (select.Options?.Sum(o => o.Text.Text.Length) ?? 0),
            ExternalSelectElement external => external.Placeholder.Text.Length,
            OverflowElement overflow => overflow.Options.Sum(o => o.Text.Text.Length),
            _ => 0,
        };
    }
}
