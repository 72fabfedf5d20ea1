namespace PlatformBot.Data.Storage;

/// <summary>
/// A table written in bulk with upsert semantics on its key. <see cref="OnlyIfNewer"/> names a column that
/// must not go backwards (an older row never overwrites a newer one). <see cref="InKeyOrder"/> says the writer hands
/// the rows over in the order of their key (a score run writes accounts in id order): SQLite then needs no more than its
/// default page cache for the key index, which is only ever appended to (ADR 0029).
/// </summary>
public sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns, IReadOnlyList<string> Key, string? OnlyIfNewer = null, bool InKeyOrder = false)
{
    public IEnumerable<BulkColumn> NonKey => Columns.Where(c => !Key.Contains(c.Name, StringComparer.Ordinal));
}
