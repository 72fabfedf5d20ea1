using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams;

/// <summary>The request pipeline behind <see cref="TeamsEndpointRouteBuilderExtensions.MapTeamsMessages"/>.</summary>
public static class TeamsMessageEndpoint
{
    public static async Task HandleAsync(HttpContext context, TeamsActivityHandler handler)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handler);
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<TeamsOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TeamsMessageEndpoint).FullName!);
        var cancellationToken = context.RequestAborted;

        // The Bot Connector always posts JSON; anything else is not an activity (415 before reading a byte of it).
        // The media type is parsed, not compared as a string, so "application/json; charset=utf-8" passes.
        if (!IsJson(context.Request.ContentType))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        var body = await ReadBodyAsync(context, options.MaxRequestBodyBytes, cancellationToken);
        if (body is null)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        Activity? activity;
        try
        {
            activity = JsonSerializer.Deserialize<Activity>(body, TeamsJson.Options);
        }
        catch (JsonException exception)
        {
            logger.LogWarning("Unreadable Bot Framework activity: {Error}", exception.Message);
            activity = null;
        }

        if (activity is null || string.IsNullOrWhiteSpace(activity.Type))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var validator = services.GetRequiredService<BotFrameworkTokenValidator>();
        var authentication =
            await validator.ValidateAsync(context.Request.Headers.Authorization.ToString(), activity, cancellationToken);
        if (authentication is not BotAuthenticationResult.Ok ok)
        {
            context.Response.StatusCode = authentication.StatusCode;
            if (authentication is BotAuthenticationResult.Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }

            return;
        }

        context.User = new System.Security.Claims.ClaimsPrincipal(ok.Identity);

        // Teams waits roughly 10-15 s for the answer and may redeliver after that (protocol doc §1.1): the turn,
        // replies and their retries included, gets TurnTimeout and no more. Running out is answered like a handled
        // activity (Teams could only redeliver into the same slowness), and logged at Warning.
        var timeProvider = services.GetRequiredService<TimeProvider>();
        using CancellationTokenSource deadline = new(options.TurnTimeout, timeProvider);
        using var turn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        InvokeResponse? response;
        try
        {
            response = await handler(activity, context, turn.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(
                "Teams activity {ActivityId} ({Type}) was not done within {TurnTimeout}; answered without waiting longer",
                activity.Id, activity.Type, options.TurnTimeout);
            response = activity.IsInvoke ? AdaptiveCardInvokeResponses.Error(503, "Timeout", "That took too long. Please try again.") : null;
        }

        if (response is null && activity.IsInvoke)
        {
            response = InvokeResponse.NotImplemented;
        }

        if (response is null)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return;
        }

        context.Response.StatusCode = response.Status;
        if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(response.Body.ToJsonString(TeamsJson.Options), cancellationToken);
        }
    }

    private static bool IsJson(string? contentType) =>
        System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long limit, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        // Let the server enforce the limit too (chunked bodies have no Content-Length).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        using MemoryStream buffer = new();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
