namespace PlatformBot.Host.Features.Digests;

public static class DigestKinds
{
    public static readonly IReadOnlyList<DigestKind> All = [DigestKind.ScoreChanges, DigestKind.ArrKpi, DigestKind.AdoptionTrends];

    public static string Text(this DigestKind kind) => kind switch
    {
        DigestKind.ScoreChanges => "score-changes",
        DigestKind.ArrKpi => "arr-kpi",
        DigestKind.MyAccounts => MyAccountsText,
        _ => "adoption-trends",
    };

    public static string Title(this DigestKind kind) => kind switch
    {
        DigestKind.ScoreChanges => "Platform adoption: score changes",
        DigestKind.ArrKpi => "Platform adoption: share of ARR by level",
        DigestKind.MyAccounts => "Platform adoption: your accounts this week",
        _ => "Platform adoption: trends per use case",
    };

    public const string MyAccountsText = "my-accounts";

    /// <summary>The kinds a channel can subscribe to (my-accounts is personal: `/adoption digest me on`, never parsed here).</summary>
    public static bool TryParse(string? text, out DigestKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "score-changes" or "changes" or "csm":
                kind = DigestKind.ScoreChanges;
                return true;
            case "arr-kpi" or "kpi":
                kind = DigestKind.ArrKpi;
                return true;
            case "adoption-trends" or "trends":
                kind = DigestKind.AdoptionTrends;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    /// <summary>A stored kind; throws when the row holds something this version does not know.</summary>
    public static DigestKind Parse(string text) =>
        text == MyAccountsText ? DigestKind.MyAccounts
        : TryParse(text, out var kind) ? kind : throw new InvalidOperationException($"Unknown digest kind '{text}'.");

    public static string Text(this DigestPlatform platform) => platform == DigestPlatform.Slack ? "slack" : "teams";

    public static bool TryParsePlatform(string? text, out DigestPlatform platform)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "slack":
                platform = DigestPlatform.Slack;
                return true;
            case "teams" or "msteams":
                platform = DigestPlatform.Teams;
                return true;
            default:
                platform = default;
                return false;
        }
    }
}
