using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace PlatformBot.Teams;

public static class TeamsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the Bot Framework messaging endpoint (conventionally <c>POST /api/messages</c>): bounded body read (413),
    /// tolerant parse (400), token validation (401/403), then <paramref name="handler"/>; invokes are answered with
    /// the handler's status and body, everything else with 200 and an empty body.
    /// </summary>
    public static IEndpointConventionBuilder MapTeamsMessages(
        this IEndpointRouteBuilder endpoints, string pattern, TeamsActivityHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        return endpoints.MapPost(pattern, context => TeamsMessageEndpoint.HandleAsync(context, handler));
    }
}
