using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Teams;

/// <summary>The one serializer configuration for Bot Framework JSON: camelCase, tolerant on input, no nulls on output.</summary>
public static class TeamsJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        // Web defaults: camelCase names, case-insensitive reads and numbers given as strings, which the channels
        // send now and then. Unknown members land in [JsonExtensionData] instead of failing.
        JsonSerializerOptions options = new(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowTrailingCommas = true,
            ReadCommentHandling = JsonCommentHandling.Skip,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
