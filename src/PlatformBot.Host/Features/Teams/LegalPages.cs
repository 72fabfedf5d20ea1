using System.Text;
using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Teams;

/// <summary>
/// <c>GET /privacy</c> and <c>GET /terms</c>: the configured file (HTML for .html/.htm, else UTF-8 plain text) or a
/// 302 to the configured https address; 404 when neither is set. Read per request, so an edited file shows at once.
/// </summary>
public static class LegalPages
{
    public const string PrivacyPath = "/privacy";
    public const string TermsPath = "/terms";

    public static IEndpointRouteBuilder MapLegalPages(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(PrivacyPath, (IOptions<LegalOptions> options, CancellationToken ct) => PageAsync(options.Value.PrivacyFile, options.Value.PrivacyUrl, ct))
            .WithName("Privacy");
        app.MapGet(TermsPath, (IOptions<LegalOptions> options, CancellationToken ct) => PageAsync(options.Value.TermsFile, options.Value.TermsUrl, ct))
            .WithName("Terms");
        return app;
    }

    private static async Task<IResult> PageAsync(string? file, Uri? url, CancellationToken cancellationToken)
    {
        if (url is not null)
        {
            return Results.Redirect(url.AbsoluteUri);
        }

        if (string.IsNullOrWhiteSpace(file))
        {
            return Results.NotFound();
        }

        var html = Path.GetExtension(file).ToLowerInvariant() is ".html" or ".htm";
        var text = await File.ReadAllTextAsync(file, Encoding.UTF8, cancellationToken);
        return Results.Text(text, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8", Encoding.UTF8);
    }
}
