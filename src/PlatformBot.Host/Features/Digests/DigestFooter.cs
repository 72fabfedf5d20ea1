using System.Globalization;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Every message states its data date, its filters and its time zone (and when ARR amounts are withheld).</summary>
public sealed record DigestFooter(DateOnly? DataDate, DateOnly? ComparedWith, string Filters, string TimeZone, string ModelVersion, bool ArrHidden = false)
{
    public string Text => string.Create(CultureInfo.InvariantCulture,
        $"Data as of {(DataDate is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "n/a (no stored scores)")}" +
        $"{(ComparedWith is { } c ? $", compared with {c:yyyy-MM-dd}" : string.Empty)} · Filters: {Filters} · Time zone: {TimeZone} · Model {ModelVersion}" +
        $"{(ArrHidden ? " · ARR amounts are not shown in this channel" : string.Empty)}");
}
