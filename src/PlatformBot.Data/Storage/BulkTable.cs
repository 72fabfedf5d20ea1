namespace PlatformBot.Data.Storage;

/// <summary>
/// A table written in bulk with upsert semantics on its key. <see cref="OnlyIfNewer"/> names a column that
/// must not go backwards (an older row never overwrites a newer one).
/// </summary>
public sealed record BulkTable(string Name, IReadOnlyList<BulkColumn> Columns, IReadOnlyList<string> Key, string? OnlyIfNewer = null)
{
    public IEnumerable<BulkColumn> NonKey => Columns.Where(c => !Key.Contains(c.Name, StringComparer.Ordinal));
}
