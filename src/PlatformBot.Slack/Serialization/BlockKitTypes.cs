namespace PlatformBot.Slack;

internal static class BlockKitTypes
{
    private static readonly Dictionary<string, Type> TextObjects = new(StringComparer.Ordinal)
    {
        ["plain_text"] = typeof(PlainText),
        ["mrkdwn"] = typeof(MrkdwnText),
    };

    private static readonly Dictionary<string, Type> ContextElements = new(TextObjects, StringComparer.Ordinal)
    {
        ["image"] = typeof(ImageElement),
    };

    private static readonly Dictionary<string, Type> Elements = new(StringComparer.Ordinal)
    {
        ["button"] = typeof(ButtonElement),
        ["static_select"] = typeof(StaticSelectElement),
        ["external_select"] = typeof(ExternalSelectElement),
        ["overflow"] = typeof(OverflowElement),
        ["image"] = typeof(ImageElement),
    };

    private static readonly Dictionary<string, Type> Blocks = new(StringComparer.Ordinal)
    {
        ["section"] = typeof(SectionBlock),
        ["header"] = typeof(HeaderBlock),
        ["divider"] = typeof(DividerBlock),
        ["context"] = typeof(ContextBlock),
        ["actions"] = typeof(ActionsBlock),
        ["image"] = typeof(ImageBlock),
    };

    public static Dictionary<string, Type> For(Type baseType) =>
        baseType == typeof(TextObject) ? TextObjects
        : baseType == typeof(IContextElement) ? ContextElements
        : baseType == typeof(BlockElement) ? Elements
        : baseType == typeof(Block) ? Blocks
        : throw new NotSupportedException($"{baseType.Name} is not a Block Kit base type.");
}
