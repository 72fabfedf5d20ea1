using System.IO.Compression;

namespace PlatformBot.Host.Features.Sources;

/// <summary>How a payload's bytes arrive: a file (plain or gzip, told by its first bytes) or an HTTP body (Content-Encoding).</summary>
public static class ServicePingBody
{
    /// <summary>A payload file, inflated when it is gzip (GitLab's admin download and many uploads are).</summary>
    public static async Task<Stream> OpenFileAsync(FileInfo file, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        var magic = new byte[2];
        var read = await stream.ReadAtLeastAsync(magic, 2, throwOnEndOfStream: false, cancellationToken);
        stream.Position = 0;
        return read == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new GZipStream(stream, CompressionMode.Decompress) : stream;
    }

    /// <summary>The request body decoded per Content-Encoding (none, identity or gzip); null for an encoding we do not take.</summary>
    public static Stream? Decode(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        if (encoding.Length == 0 || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return request.Body;
        }

        return encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase) || encoding.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true)
            : null;
    }
}
