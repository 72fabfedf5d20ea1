namespace PlatformBot.Host.Features.Lookup;

public sealed class LookupOptions
{
    public const string Section = "Lookup";

    /// <summary>
    /// How long an account's live score and history are reused for its next cards (a Share click, a colleague asking
    /// the same). An import or a scoring run in this process drops them at once; the age bounds how long a write by
    /// another process (the CLI, another node) can go unseen if the store's change marker cannot be read. Zero turns
    /// the cache off.
    /// </summary>
    public TimeSpan CardCacheFor { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>At most this many accounts are kept; past it the cache starts over (memory stays bounded).</summary>
    public int CardCacheEntries { get; set; } = 20_000;

    /// <summary>
    /// Load the account directory as soon as the host serves, so the first person to ask after a restart does not wait
    /// for it (about 2 s at 100,000 accounts). Off: the first lookup loads it.
    /// </summary>
    public bool LoadDirectoryOnStart { get; set; } = true;

    /// <summary>
    /// How often a serving host reads the store's change marker (one primary-key read): an import, score run, purge or
    /// prune by any process reaches this host's card cache and account directory within about this long (ADR 0021).
    /// </summary>
    public TimeSpan StoreChangePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
