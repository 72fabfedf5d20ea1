namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// One stored snapshot date in columns over the account index: level (-1 = no snapshot that day), ARR in cents and
/// each use case's color. Compact on purpose: a digest batch holds 13 weeks of 100,000 accounts.
/// </summary>
public sealed class SnapshotColumn(DateOnly date, int accounts, int useCases)
{
    public DateOnly Date { get; } = date;

    public sbyte[] Level { get; } = CreateLevels(accounts);

    public long[] ArrCents { get; } = new long[accounts];

    /// <summary>HealthColor per account and use case: [account * useCases + useCase].</summary>
    public byte[] Colors { get; } = new byte[accounts * useCases];

    private static sbyte[] CreateLevels(int accounts)
    {
        var levels = new sbyte[accounts];
        Array.Fill(levels, (sbyte)-1);
        return levels;
    }
}
