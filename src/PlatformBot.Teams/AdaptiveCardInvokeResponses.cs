using System.Text.Json.Nodes;

namespace PlatformBot.Teams;

/// <summary>
/// Responses to <c>adaptiveCard/action</c>. The HTTP status is always 200: Teams reads the outcome from the body's
/// <c>statusCode</c> (protocol doc §1.5).
/// </summary>
public static class AdaptiveCardInvokeResponses
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";

    /// <summary>Replaces the clicked card for the user who clicked (PUT-update the message to change it for everyone).</summary>
    public static InvokeResponse Card(JsonObject card)
    {
        ArgumentNullException.ThrowIfNull(card);
        return Create(200, CardType, card.Parent is null ? card : card.DeepClone());
    }

    /// <summary>Shows a transient text to the user who clicked.</summary>
    public static InvokeResponse Message(string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        return Create(200, MessageType, JsonValue.Create(message));
    }

    public static InvokeResponse Error(int statusCode, string code, string message)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        return Create(statusCode, ErrorType, new JsonObject { ["code"] = code, ["message"] = message });
    }

    public static InvokeResponse BadRequest(string message) => Error(400, "BadRequest", message);

    public static InvokeResponse InternalError(string message) => Error(500, "InternalServerError", message);

    private static InvokeResponse Create(int statusCode, string type, JsonNode? value) =>
        new(200, new JsonObject { ["statusCode"] = statusCode, ["type"] = type, ["value"] = value });
}
