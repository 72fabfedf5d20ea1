namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// What `/adoption &lt;text&gt;` asks for. The words `help`, `kpi`, `movers` are commands only on their own, and
/// `explain` only as the first word, so "KPI Systems" or "Movers Inc" still look accounts up; quotes force an
/// account lookup ("/adoption "kpi""). A pasted "/adoption" prefix is ignored.
/// </summary>
public sealed record LookupCommand(LookupVerb Verb, string Argument, string? Note = null)
{
    private static readonly string[] HelpWords = ["help", "?", "-h", "--help", "/help", "-?"];

    public static LookupCommand Parse(string? text)
    {
        var trimmed = Collapse(text ?? string.Empty);
        if (trimmed.StartsWith("/adoption", StringComparison.OrdinalIgnoreCase)
            && (trimmed.Length == "/adoption".Length || trimmed["/adoption".Length] == ' '))
        {
            trimmed = trimmed["/adoption".Length..].Trim();
        }

        if (trimmed.Length >= 2 && IsQuote(trimmed[0]) && IsQuote(trimmed[^1]))
        {
            var inner = trimmed[1..^1].Trim();
            return inner.Length == 0 ? new(LookupVerb.Help, string.Empty) : new(LookupVerb.Account, inner);
        }

        if (trimmed.Length == 0 || HelpWords.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            return new(LookupVerb.Help, string.Empty);
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var first = space < 0 ? trimmed : trimmed[..space];
        var rest = space < 0 ? string.Empty : trimmed[(space + 1)..];
        if (first.Equals("explain", StringComparison.OrdinalIgnoreCase) || (first.Equals("help", StringComparison.OrdinalIgnoreCase) && rest.Length > 0))
        {
            return new(LookupVerb.Explain, rest);
        }

        if (space < 0 && first.Equals("kpi", StringComparison.OrdinalIgnoreCase))
        {
            return new(LookupVerb.Kpi, string.Empty);
        }

        if (space < 0 && first.Equals("movers", StringComparison.OrdinalIgnoreCase))
        {
            return new(LookupVerb.Movers, string.Empty);
        }

        if (first.ToLowerInvariant() is "subscribe" or "unsubscribe" or "subscriptions")
        {
            return new(LookupVerb.Subscriptions, trimmed);
        }

        // "digest me on|off" (and a bare "digest" or "digest me", answered with the usage); "Digest Labs" stays an account.
        if (first.Equals("digest", StringComparison.OrdinalIgnoreCase) && (rest.Length == 0 || rest.Equals("me", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("me ", StringComparison.OrdinalIgnoreCase)))
        {
            return new(LookupVerb.PersonalDigest, rest.Length <= 3 ? string.Empty : rest[3..].Trim().ToLowerInvariant());
        }

        // Options or text without a single letter or digit are not account names.
        if (first.StartsWith('-') || !trimmed.Any(char.IsLetterOrDigit))
        {
            return new(LookupVerb.Help, string.Empty, $"\"{trimmed}\" is not a command or an account name.");
        }

        return new(LookupVerb.Account, trimmed);
    }

    private static bool IsQuote(char c) => c is '"' or '\'' or '\u201C' or '\u201D' or '\u2018' or '\u2019' or '`';

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
