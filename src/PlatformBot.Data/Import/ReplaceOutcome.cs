namespace PlatformBot.Data.Import;

/// <summary>What a replace import ended (subscriptions) or archived (accounts).</summary>
/// <param name="Count">How many were ended or archived.</param>
/// <param name="ActiveBefore">How many were active (not ended as of the import date, not archived) before the import.</param>
/// <param name="Ids">The first <see cref="MaxIds"/> ids, in ordinal order.</param>
public sealed record ReplaceOutcome(ImportKind Kind, long Count, long ActiveBefore, IReadOnlyList<string> Ids)
{
    public const int MaxIds = 1000;

    /// <summary>"ended" for subscriptions, "archived" for accounts.</summary>
    public string Verb => Kind == ImportKind.Accounts ? "archived" : "ended";

    /// <summary>More than half of what was active: a truncated or wrong file is the likelier explanation.</summary>
    public bool Large => Count > 0 && Count * 2 > ActiveBefore;

    public bool Everything => Count > 0 && Count >= ActiveBefore;
}
