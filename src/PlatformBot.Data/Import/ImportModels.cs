namespace PlatformBot.Data.Import;

public enum ImportKind
{
    Accounts,
    Subscriptions,
    Usage,
}

/// <summary>One problem in an import file. Line and column are 1-based; column is null for whole-row problems.</summary>
public sealed record ImportError(long Line, int? Column, string? ColumnName, string Message)
{
    public override string ToString() => Column is null
        ? $"line {Line}: {Message}"
        : ColumnName is null
            ? $"line {Line}, column {Column}: {Message}"
            : $"line {Line}, column {Column} ({ColumnName}): {Message}";
}

public sealed record ImportResult(
    ImportKind Kind,
    long RowsRead,
    long RowsWritten,
    IReadOnlyList<ImportError> Errors,
    long TotalErrors,
    TimeSpan Elapsed)
{
    public bool Succeeded => TotalErrors == 0;

    /// <summary>True when the file was checked (and the replace worked out) but the transaction was rolled back on purpose.</summary>
    public bool DryRun { get; init; }

    /// <summary>With <see cref="ImportOptions.Replace"/>: what the file's absence ended or archived (or would have).</summary>
    public ReplaceOutcome? Replace { get; init; }

    /// <summary>
    /// The replace would end or archive more than half of what is active and <see cref="ImportOptions.AllowLargeReplace"/>
    /// was not given: nothing was written (ADR 0013).
    /// </summary>
    public bool RefusedAsLarge { get; init; }
}

/// <summary>How an import treats the store beyond the file's own rows.</summary>
public sealed record ImportOptions
{
    public static readonly ImportOptions Default = new();

    /// <summary>
    /// The file is the whole truth: subscriptions it does not list get end_date = <see cref="Today"/> (unless they ended
    /// earlier), accounts it does not list are archived. Accounts and subscriptions only.
    /// </summary>
    public bool Replace { get; init; }

    /// <summary>Validate and work out the replace, then roll back: nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>Let a replace end or archive more than half of the active rows (otherwise it is refused, nothing written).</summary>
    public bool AllowLargeReplace { get; init; }

    /// <summary>The import date (today in Scoring:TimeZone): the end_date a replace gives.</summary>
    public DateOnly Today { get; init; }
}

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

public readonly record struct ImportProgress(long Rows, long Bytes);

public static class ImportKinds
{
    public static bool TryParse(string? text, out ImportKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "accounts": kind = ImportKind.Accounts; return true;
            case "subscriptions": kind = ImportKind.Subscriptions; return true;
            case "usage": kind = ImportKind.Usage; return true;
            default: kind = default; return false;
        }
    }
}

