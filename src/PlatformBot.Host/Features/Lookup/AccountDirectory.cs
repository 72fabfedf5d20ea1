using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;

namespace PlatformBot.Host.Features.Lookup;

public sealed record DirectoryEntry(string AccountId, string Name, string Key, string? Segment, string? Region, string? Owner, string? Csm)
{
    public AccountChoice Choice => new(AccountId, Name, Segment, Region);
}

public enum ResolutionKind
{
    One,
    Ambiguous,
    NotFound,
}

public sealed record Resolution(ResolutionKind Kind, IReadOnlyList<DirectoryEntry> Candidates);

/// <summary>
/// All accounts' names in memory, indexed for safe name resolution: exact id or name, then prefix, then
/// contains, then fuzzy (did-you-mean only). Loaded on first use; <see cref="Invalidate"/> after an account import.
/// </summary>
public sealed class AccountDirectory(IDbContextFactory<PlatformBotDbContext> contexts, StoreInitializer initializer) : IDisposable
{
    public void Dispose() => _gate.Dispose();

    private volatile NameIndex? _index;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Invalidate() => _index = null;

    public async Task<NameIndex> IndexAsync(CancellationToken cancellationToken)
    {
        if (_index is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_index is { } built)
            {
                return built;
            }

            await initializer.EnsureReadyAsync(cancellationToken);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var entries = await db.Accounts.AsNoTracking()
                .Select(a => new DirectoryEntry(a.AccountId, a.Name, a.NameKey, a.Segment, a.Region, a.OwnerEmail, a.CsmEmail))
                .ToListAsync(cancellationToken);
            return _index = new NameIndex(entries);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Names;

    public async Task<Resolution> ResolveAsync(string query, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Resolve(query);

    public async Task<DirectoryEntry?> FindAsync(string accountId, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).Find(accountId);

    /// <summary>Accounts the viewer owns or manages as CSM (App Home "My accounts").</summary>
    public async Task<IReadOnlyList<DirectoryEntry>> FindByEmailAsync(string email, CancellationToken cancellationToken) =>
        (await IndexAsync(cancellationToken)).ByEmail(email);
}

/// <summary>The immutable index behind <see cref="AccountDirectory"/>; constructible from a list for tests and benchmarks.</summary>
public sealed class NameIndex
{
    public const int MaxChoices = 5;
    private const int MaxQueryLength = 200;
    private readonly DirectoryEntry[] _entries;
    private readonly FrozenDictionary<string, DirectoryEntry> _byId;
    private readonly FrozenDictionary<string, int[]> _byKey;
    private readonly (string Key, int Entry)[] _sortedKeys;
    private readonly FrozenDictionary<string, int[]> _trigrams;
    private readonly FrozenDictionary<string, int[]> _byEmail;

    public NameIndex(IEnumerable<DirectoryEntry> entries)
    {
        _entries = entries.OrderBy(e => e.AccountId, StringComparer.Ordinal).ToArray();
        _byId = _entries.ToFrozenDictionary(e => e.AccountId, StringComparer.OrdinalIgnoreCase);
        _byKey = Enumerable.Range(0, _entries.Length).GroupBy(i => _entries[i].Key, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        _sortedKeys = _entries.Select((e, i) => (e.Key, i)).OrderBy(x => x.Key, StringComparer.Ordinal).ToArray();
        var trigrams = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < _entries.Length; i++)
        {
            foreach (var t in Trigrams(_entries[i].Key).Distinct(StringComparer.Ordinal))
            {
                if (!trigrams.TryGetValue(t, out var list))
                {
                    trigrams[t] = list = [];
                }

                list.Add(i);
            }
        }

        _trigrams = trigrams.ToFrozenDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _byEmail = Enumerable.Range(0, _entries.Length)
            .SelectMany(i => new[] { _entries[i].Owner, _entries[i].Csm }.Where(e => e is not null).Distinct().Select(e => (Email: e!, i)))
            .GroupBy(x => x.Email, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.i).ToArray(), StringComparer.OrdinalIgnoreCase);
        Names = _entries.ToFrozenDictionary(e => e.AccountId, e => e.Name, StringComparer.Ordinal);
    }

    public int Count => _entries.Length;

    public IReadOnlyDictionary<string, string> Names { get; }

    public DirectoryEntry? Find(string accountId) => _byId.GetValueOrDefault(accountId);

    public IReadOnlyList<DirectoryEntry> ByEmail(string email) =>
        _byEmail.TryGetValue(email.Trim(), out var list) ? list.Select(i => _entries[i]).ToList() : [];

    public Resolution Resolve(string query)
    {
        var raw = query.Trim();
        if (raw.Length == 0 || raw.Length > MaxQueryLength)
        {
            return new Resolution(ResolutionKind.NotFound, []);
        }

        // 1. exact id, 2. exact name
        if (_byId.TryGetValue(raw, out var byId))
        {
            return new Resolution(ResolutionKind.One, [byId]);
        }

        var key = NameKey.From(raw);
        if (_byKey.TryGetValue(key, out var exact))
        {
            return Result(exact.Select(i => _entries[i]));
        }

        // 3. prefix of the whole name
        var prefix = PrefixMatches(key);
        if (prefix.Count > 0)
        {
            return Result(prefix);
        }

        // 4. contains: word starts rank above mid-word matches
        var contains = ContainsMatches(key);
        if (contains.Count > 0)
        {
            return Result(contains);
        }

        // 5. fuzzy: only ever suggestions ("did you mean"), never an answer
        return new Resolution(ResolutionKind.NotFound, Fuzzy(key));
    }

    private static Resolution Result(IEnumerable<DirectoryEntry> matches)
    {
        var ranked = matches.OrderBy(e => e.Key.Length).ThenBy(e => e.Name, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.AccountId, StringComparer.Ordinal).Take(MaxChoices).ToList();
        return new Resolution(ranked.Count == 1 ? ResolutionKind.One : ResolutionKind.Ambiguous, ranked);
    }

    private List<DirectoryEntry> PrefixMatches(string key)
    {
        var lo = 0;
        var hi = _sortedKeys.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (string.CompareOrdinal(_sortedKeys[mid].Key, key) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var result = new List<DirectoryEntry>();
        for (var i = lo; i < _sortedKeys.Length && _sortedKeys[i].Key.StartsWith(key, StringComparison.Ordinal); i++)
        {
            result.Add(_entries[_sortedKeys[i].Entry]);
            if (result.Count >= 50)
            {
                break;
            }
        }

        return result;
    }

    private List<DirectoryEntry> ContainsMatches(string key)
    {
        IEnumerable<int> candidates;
        if (key.Length < 3)
        {
            return [];
        }

        // Candidates share every trigram of the query; verify with a real substring check.
        int[]? smallest = null;
        foreach (var t in InnerTrigrams(key))
        {
            if (!_trigrams.TryGetValue(t, out var posting))
            {
                return [];
            }

            if (smallest is null || posting.Length < smallest.Length)
            {
                smallest = posting;
            }
        }

        candidates = smallest ?? [];
        var wordStart = new List<DirectoryEntry>();
        var inside = new List<DirectoryEntry>();
        foreach (var i in candidates)
        {
            var at = _entries[i].Key.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }

            (at == 0 || !char.IsLetterOrDigit(_entries[i].Key[at - 1]) ? wordStart : inside).Add(_entries[i]);
        }

        return wordStart.Count > 0 ? wordStart : inside;
    }

    private List<DirectoryEntry> Fuzzy(string key)
    {
        if (key.Length < 3)
        {
            return [];
        }

        // Rank by shared trigrams (cheap), then confirm with an edit distance on the best few.
        var shared = new Dictionary<int, int>();
        foreach (var t in Trigrams(key).Distinct(StringComparer.Ordinal))
        {
            if (_trigrams.TryGetValue(t, out var posting) && posting.Length < 20_000)
            {
                foreach (var i in posting)
                {
                    shared[i] = shared.GetValueOrDefault(i) + 1;
                }
            }
        }

        var maxDistance = Math.Max(1, key.Length / 3);
        return shared.OrderByDescending(p => p.Value).Take(200)
            .Select(p => (Entry: _entries[p.Key], Distance: Math.Min(Distance(key, _entries[p.Key].Key), BestWordDistance(key, _entries[p.Key].Key))))
            .Where(x => x.Distance <= maxDistance)
            .OrderBy(x => x.Distance).ThenBy(x => x.Entry.Key.Length).ThenBy(x => x.Entry.Name, StringComparer.OrdinalIgnoreCase)
            .Take(3).Select(x => x.Entry).ToList();
    }

    private static int BestWordDistance(string query, string key)
    {
        var best = int.MaxValue;
        foreach (var word in key.Split(' '))
        {
            best = Math.Min(best, Distance(query, word));
        }

        return best;
    }

    private static IEnumerable<string> InnerTrigrams(string key)
    {
        for (var i = 0; i + 3 <= key.Length; i++)
        {
            yield return key.Substring(i, 3);
        }
    }

    private static IEnumerable<string> Trigrams(string key)
    {
        var padded = " " + key + " ";
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            yield return padded.Substring(i, 3);
        }
    }

    /// <summary>Optimal string alignment (Damerau-Levenshtein with adjacent transpositions).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
