namespace PlatformBot.Data.Import;

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
