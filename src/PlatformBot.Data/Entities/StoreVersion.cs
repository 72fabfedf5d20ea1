namespace PlatformBot.Data.Entities;

/// <summary>
/// The store's change marker: one row (id 1) whose counters every committing write bumps in its own transaction
/// (<see cref="Store.StoreChangeMarker"/>), so a running host can tell, with one tiny query, that another process
/// changed what its caches hold (ADR 0021).
/// </summary>
public sealed class StoreVersion
{
    /// <summary>The one row's id; a check constraint keeps any other out.</summary>
    public const int RowId = 1;

    public int Id { get; set; }

    /// <summary>Bumped by every import, score run, purge and prune that changed rows: what a card shows may differ.</summary>
    public long Version { get; set; }

    /// <summary>Bumped as well when accounts changed (an accounts import, a purge): the account directory is out of date.</summary>
    public long AccountsVersion { get; set; }
}
