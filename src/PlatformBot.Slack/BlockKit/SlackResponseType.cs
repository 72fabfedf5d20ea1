using System.Text.Json.Serialization;

namespace PlatformBot.Slack;

[JsonConverter(typeof(JsonStringEnumConverter<SlackResponseType>))]
public enum SlackResponseType
{
    [JsonStringEnumMemberName("ephemeral")]
    Ephemeral,

    [JsonStringEnumMemberName("in_channel")]
    InChannel,
}
