namespace PlatformBot.Host.Features.Scoring;

/// <summary>
/// A counter this process bumps after every write that changes what a card shows (an import, a scoring run), so
/// whatever was computed from the store before it is known to be out of date.
/// </summary>
public sealed class StoreChanges
{
    private long _version;

    public long Version => Interlocked.Read(ref _version);

    public void Changed() => Interlocked.Increment(ref _version);
}
