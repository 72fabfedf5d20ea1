using System.Text.Json;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Slack;
using PlatformBot.Slack;

namespace PlatformBot.Host.Features.Preview;

/// <summary>
/// The preview's page and JSON endpoints. The endpoints answer with the exact Slack message the bot would deliver
/// (<see cref="SlackReplies"/>, Block Kit limits applied as on the way out), so the page shows real Block Kit JSON.
/// </summary>
internal static class PreviewEndpoints
{
    public const string Path = "/preview";
    public const string Surface = "preview";

    /// <summary>The preview's stand-in for a Slack user id (shown as "@preview" on shared copies).</summary>
    public const string UserId = "preview";

    /// <summary>Longer than anything a person types into a slash command; longer text is refused, not cut.</summary>
    public const int MaxTextLength = 2_000;

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        ["preview.html"] = "text/html; charset=utf-8",
        ["preview.css"] = "text/css; charset=utf-8",
        ["preview.js"] = "text/javascript; charset=utf-8",
    };

    /// <summary>Self-contained: no CDN (there may be no internet), scripts and styles only from this host.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static IResult Page(HttpContext http) => Asset("preview.html", http);

    public static IResult Asset(string name, HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (!ContentTypes.TryGetValue(name, out var contentType))
        {
            return Results.NotFound();
        }

        var stream = typeof(PreviewEndpoints).Assembly.GetManifestResourceStream("preview/" + name)
            ?? throw new InvalidOperationException($"The preview asset {name} is not embedded in the build.");
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        return Results.Stream(stream, contentType);
    }

    public static IResult Info(ArrVisibility arr, IServiceProvider services) => Results.Json(new
    {
        showArr = arr.MaySeeArr(ArrAudience.Preview),
        slack = services.GetService<SlackApiClient>() is not null,
        command = SlackEndpoints.Command,
    });

    public static async Task<IResult> CommandAsync(PreviewCommandRequest? request, HttpContext http, ArrVisibility arr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var text = request?.Text ?? string.Empty;
        if (text.Length > MaxTextLength)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Command too long", detail: $"At most {MaxTextLength} characters.");
        }

        var viewer = Viewer(http, arr);
        var message = await SlackReplies.CommandAsync(http.RequestServices, text, viewer, UserId, channelId: null, cancellationToken);
        return Reply(message);
    }

    public static async Task<IResult> ActionAsync(PreviewActionRequest? request, HttpContext http, ArrVisibility arr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (request?.Value is not { Length: > 0 and <= 256 } accountId)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Missing value", detail: "A button's value (an account id) is required.");
        }

        var viewer = Viewer(http, arr);
        var message = request.ActionId switch
        {
            BlockKitRenderer.PickAccountAction => await SlackReplies.PickAsync(http.RequestServices, accountId, viewer, fromEphemeral: true, cancellationToken),
            BlockKitRenderer.ShareCardAction => await SlackReplies.ShareAsync(http.RequestServices, accountId, viewer.Actor, Surface, UserId, cancellationToken),
            _ => null,
        };
        return message is null
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown action", detail: $"The preview handles {BlockKitRenderer.PickAccountAction} and {BlockKitRenderer.ShareCardAction}.")
            : Reply(message);
    }

    /// <summary>Everyone who reaches the page is the same audience: ARR as <see cref="ArrVisibility"/> decides for the preview.</summary>
    private static Viewer Viewer(HttpContext http, ArrVisibility arr) =>
        new($"{Surface}:{http.Connection.RemoteIpAddress}", Surface, arr.MaySeeArr(ArrAudience.Preview), null);

    /// <summary>{"message": &lt;the Slack message JSON, as delivered&gt;}.</summary>
    private static IResult Reply(SlackMessage message)
    {
        var delivered = BlockKitLimits.Apply(message).Value;
        using var document = JsonDocument.Parse(SlackJson.Serialize(delivered));
        return Results.Json(new { message = document.RootElement.Clone() });
    }
}
