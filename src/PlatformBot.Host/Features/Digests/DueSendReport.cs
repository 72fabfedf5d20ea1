using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// What `digests send --due` did: one outcome per due subscription, how long the shared data set took to load and
/// how long every digest's content took to build from it.
/// </summary>
public sealed record DueSendReport(
    DateTimeOffset At, TimeSpan Window, IReadOnlyList<SendOutcome> Outcomes, int AlreadyDelivered, TimeSpan DataLoaded, TimeSpan ContentBuilt)
{
    /// <summary>True when every due digest went out or had gone out already (the command's exit code 0).</summary>
    public bool Succeeded => Outcomes.All(o => o.Succeeded);

    public int Count(string status) => Outcomes.Count(o => o.Status == status);

    /// <summary>The one summary line: how many were due and what became of them.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"Due at {At.UtcDateTime:yyyy-MM-dd HH:mm}Z within {Window:c}: {Outcomes.Count + AlreadyDelivered} digest(s): {Count(DigestStatus.Sent)} sent, " +
        $"{AlreadyDelivered + Count("already-claimed")} already delivered, {Count(DigestStatus.Skipped)} skipped, " +
        $"{Outcomes.Count(o => !o.Succeeded)} not delivered (failed, partial, unknown or broken); data loaded in {DataLoaded.TotalSeconds:0.00} s, content built in {ContentBuilt.TotalSeconds:0.00} s.");
}
