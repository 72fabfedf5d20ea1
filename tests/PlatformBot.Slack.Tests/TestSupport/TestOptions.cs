using Microsoft.Extensions.Options;

namespace PlatformBot.Slack.Tests;

internal static class TestOptions
{
    public const string SigningSecret = "test-signing-secret";
    public const string BotToken = "xoxb-test-token";

    public static SlackOptions Create(Action<SlackOptions>? configure = null)
    {
        SlackOptions options = new() { SigningSecret = SigningSecret, BotToken = BotToken };
        configure?.Invoke(options);
        return options;
    }

    public static IOptions<SlackOptions> Wrap(SlackOptions options) => Options.Create(options);
}
