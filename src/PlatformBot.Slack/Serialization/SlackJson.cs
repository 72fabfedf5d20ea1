using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace PlatformBot.Slack;

/// <summary>The one set of JSON settings for everything the adapter sends to or reads from Slack.</summary>
public static class SlackJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    private static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions options = new()
        {
            // Slack's field names are snake_case; our records keep .NET names.
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            // Slack docs: omit unset arguments rather than sending null.
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // The JSON goes to Slack's API, never into an HTML page, so <, > and & may stay literal; mrkdwn such as
            // "<@U123>" then reads the same in logs and snapshots as in Slack's docs.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // A null where the model says "never null" is a malformed payload (inbound) or a bug (outbound): fail loudly.
            RespectNullableAnnotations = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }
}
