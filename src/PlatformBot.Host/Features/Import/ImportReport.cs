using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Import;

/// <summary>How an import's outcome reads, the same for the CLI, the HTTP API and the audit log (counts and ids, never ARR).</summary>
public static class ImportReport
{
    public const int ListedIds = 10;

    public static string AuditDetail(ImportResult result)
    {
        if (!result.Succeeded)
        {
            return $"rejected: {result.TotalErrors} errors";
        }

        var text = $"{result.RowsRead} rows";
        if (result.DryRun)
        {
            text += ", dry run (nothing written)";
        }

        if (result.Replace is { } r)
        {
            text += result.RefusedAsLarge
                ? $"; replace refused (would have {r.Verb} {r.Count} of {r.ActiveBefore} active), nothing written"
                : $"; replace {(result.DryRun ? "would have " : string.Empty)}{r.Verb} {r.Count} of {r.ActiveBefore} active";
        }

        return text;
    }

    /// <summary>"--replace archived 2 of 5 active accounts not in the file: A-4, A-5." (or "would archive" on a dry run).</summary>
    public static string ReplaceLine(ReplaceOutcome r, bool dryRun)
    {
        var what = r.Kind == ImportKind.Accounts ? "accounts" : "subscriptions";
        if (r.Count == 0)
        {
            return $"--replace: every active one of the {r.ActiveBefore} {what} is in the file; nothing {(dryRun ? "would be" : "was")} {r.Verb}.";
        }

        var verb = dryRun ? "would " + (r.Kind == ImportKind.Accounts ? "archive" : "end") : r.Verb;
        var ids = string.Join(", ", r.Ids.Take(ListedIds));
        var more = r.Count > ListedIds ? $" and {r.Count - ListedIds} more" : string.Empty;
        var when = r.Kind == ImportKind.Subscriptions ? " (end_date = the import date)" : string.Empty;
        return $"--replace {verb} {r.Count} of {r.ActiveBefore} active {what} not in the file{when}: {ids}{more}.";
    }

    /// <summary>The loud line for a replace that ends or archives more than half (or all) of what was active.</summary>
    public static string? LargeWarning(ReplaceOutcome r) => !r.Large ? null
        : r.Everything
            ? $"warning: this replace {(r.Kind == ImportKind.Accounts ? "archives EVERY active account" : "ends EVERY active subscription")} ({r.Count} of {r.ActiveBefore}). Is the file complete?"
            : $"warning: this replace {(r.Kind == ImportKind.Accounts ? "archives" : "ends")} {r.Count} of {r.ActiveBefore} active {(r.Kind == ImportKind.Accounts ? "accounts" : "subscriptions")}, more than half. Is the file complete?";

    public static string RefusalText(ReplaceOutcome r, string confirmation) =>
        $"The replace would {(r.Kind == ImportKind.Accounts ? "archive" : "end")} {r.Count} of {r.ActiveBefore} active {(r.Kind == ImportKind.Accounts ? "accounts" : "subscriptions")}" +
        $"{(r.Everything ? " (all of them)" : " (more than half)")}, so nothing was written. Check that the file is complete; if it is, send it again with {confirmation}.";
}
