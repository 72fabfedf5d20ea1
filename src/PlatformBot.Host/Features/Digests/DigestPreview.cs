using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Builds a digest without a subscription and without sending it: `platformbot digests preview` prints it exactly
/// as a platform would receive it; each platform's <see cref="IDigestChannel.PreviewJson"/> renders it.
/// </summary>
public sealed class DigestPreview(DigestDataLoader loader, DigestBuilder builder, IOptions<DigestOptions> options, TimeProvider time)
{
    /// <summary>Builds the digest; <paramref name="showArr"/> as <see cref="Access.ArrVisibility"/> decides for the channel it would go to.</summary>
    public async Task<DigestContent> BuildAsync(DigestKind kind, DigestFilters filters, DateOnly? asOf, string? timeZone, bool showArr, CancellationToken cancellationToken)
    {
        var zoneId = string.IsNullOrWhiteSpace(timeZone) ? options.Value.DefaultTimeZone : timeZone;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new InvalidOperationException($"--tz {zoneId} is not an IANA time zone (e.g. Europe/Berlin).");
        }

        var date = asOf ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var data = await loader.LoadAsync(date, cancellationToken);
        return builder.Build(data, new DigestRequest(kind, filters, zone.Id, ShowArr: showArr));
    }
}
