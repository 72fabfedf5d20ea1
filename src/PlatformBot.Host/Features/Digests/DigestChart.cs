namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// A PNG chart; <see cref="AltText"/> carries the numbers for screen readers (the text has them too). The image is
/// rendered on first use (sending or previewing), not while building: a batch of 500 digests computes its numbers
/// in a fraction of the time a PNG takes. <see cref="CompactPng"/> is a smaller rendering for Teams, where the PNG
/// travels inside the message.
/// </summary>
public sealed class DigestChart(string title, string fileName, string altText, Func<byte[]> render, Func<byte[]>? renderCompact = null)
{
    private readonly Lazy<byte[]> _png = new(render, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Lazy<byte[]>? _compact = renderCompact is null ? null : new(renderCompact, LazyThreadSafetyMode.ExecutionAndPublication);

    public string Title { get; } = title;

    public string FileName { get; } = fileName;

    public string AltText { get; } = altText;

    public byte[] Png => _png.Value;

    public byte[] CompactPng => _compact?.Value ?? Png;
}
