using PlatformBot.Data.Store;

namespace PlatformBot.Host.Features.Lookup;

/// <summary>
/// Every account (id, name, name key, segment, region, owner, CSM) in memory, indexed for safe name resolution
/// (<see cref="NameIndex"/>). Loaded on first use. A write in this process calls <see cref="Invalidate"/>; a write by
/// any other process (the CLI, another node) reaches it through the store's change marker, which the
/// <see cref="StoreChangePoller"/> hands to <see cref="Observe"/> (ADR 0021). An index older than <see cref="MaxAge"/>
/// is rebuilt too, only as a backstop for what bumps no marker (a hand edit of the database) - by one caller, while
/// the others keep answering from the current one.
/// </summary>
public sealed class AccountDirectory(
    DirectoryReader reader,
    StoreChangeMarker marker,
    TimeProvider time,
    ILogger<AccountDirectory> logger) : IDisposable
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(10);

    /// <param name="AccountsMark">The marker's accounts counter read before the rows (null: no marker row to go by).</param>
    private sealed record Loaded(NameIndex Index, long Generation, DateTimeOffset LoadedAt, long? AccountsMark);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Loaded? _loaded;
    private long _generation;

    public void Dispose() => _gate.Dispose();

    /// <summary>How many accounts the loaded index holds; null before the first load.</summary>
    internal int? LoadedCount => _loaded?.Index.Count;

    /// <summary>Drops the index; the next call loads a fresh one (a load already under way is not kept).</summary>
    public void Invalidate() => Interlocked.Increment(ref _generation);

    /// <summary>
    /// Drops the index when it was loaded before the store's accounts last changed (any process); true if it did. An
    /// index this process reloaded after its own write already carries the new mark and stays.
    /// </summary>
    public bool Observe(long accountsVersion)
    {
        if (_loaded is { AccountsMark: { } loadedAt } && loadedAt < accountsVersion)
        {
            Invalidate();
            return true;
        }

        return false;
    }

    public async Task<NameIndex> IndexAsync(CancellationToken cancellationToken)
    {
        var loaded = _loaded;
        var current = loaded is not null && loaded.Generation == Interlocked.Read(ref _generation);
        if (current && time.GetUtcNow() - loaded!.LoadedAt < MaxAge)
        {
            return loaded.Index;
        }

        // Merely old (not invalidated): whoever gets the gate first refreshes, everyone else uses what is there.
        if (current)
        {
            if (!await _gate.WaitAsync(0, cancellationToken))
            {
                return loaded!.Index;
            }
        }
        else
        {
            await _gate.WaitAsync(cancellationToken);
        }

        try
        {
            loaded = _loaded;
            var generation = Interlocked.Read(ref _generation);
            if (loaded is not null && loaded.Generation == generation && time.GetUtcNow() - loaded.LoadedAt < MaxAge)
            {
                return loaded.Index;
            }

            // The mark first: a write that commits while the rows are read leaves the index older than the marker.
            var mark = await marker.ReadAsync(cancellationToken);
            var index = new NameIndex(await LoadAsync(cancellationToken));
            _loaded = new Loaded(index, generation, time.GetUtcNow(), mark?.AccountsVersion);
            logger.LogInformation("Account directory loaded: {Accounts} accounts", index.Count);
            return index;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Account id -> name, for exports and digests.</summary>
    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Names;

    /// <summary>Exact id, exact name, prefix, word start, inside a word; fuzzy only as "did you mean".</summary>
    public async Task<Resolution> ResolveAsync(string query, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Resolve(query);

    /// <summary>The same resolution with up to <paramref name="maxChoices"/> ranked candidates (a pick list's "more").</summary>
    public async Task<Resolution> ResolveAsync(string query, int maxChoices, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Resolve(query, maxChoices);

    public async Task<DirectoryEntry?> FindAsync(string accountId, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Find(accountId);

    /// <summary>Accounts the viewer owns or looks after as CSM (App Home "My accounts"), by name.</summary>
    public async Task<IReadOnlyList<DirectoryEntry>> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).ByEmail(email);

    /// <summary>Every owner and CSM e-mail of a live account: the people a personal digest can be for.</summary>
    public async Task<IReadOnlyCollection<string>> EmailsAsync(CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Emails;

    private async Task<List<DirectoryEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        // Archived accounts (gone from the latest replace import) are not offered anywhere: names, pick lists, App Home.
        var rows = await reader.LiveAccountsAsync(cancellationToken);

        // Segments, regions and the owners' and CSMs' e-mails repeat across thousands of accounts: the serving process
        // keeps one string of each, not four new strings per account.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string? Shared(string? text) => text is null ? null : shared.TryGetValue(text, out var one) ? one : shared[text] = text;
        return [.. rows.Select(a => new DirectoryEntry(a.AccountId, a.Name, a.NameKey, Shared(a.Segment), Shared(a.Region), Shared(a.Owner), Shared(a.Csm)))];
    }
}
