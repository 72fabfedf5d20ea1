using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace PlatformBot.Slack.Tests;

public sealed class SlackServiceCollectionExtensionsTests
{
    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();

    [Fact]
    public void Registers_the_adapter_from_a_configuration_section()
    {
        var configuration = Config(
            ("Slack:SigningSecret", "s"),
            ("Slack:BotToken", "xoxb-1"),
            ("Slack:ApiBaseUrl", "http://127.0.0.1:9/api/"),
            ("Slack:AllowedTeamIds:0", "T1"),
            ("Slack:AdditionalAllowedOrigins:0", "http://127.0.0.1:9"),
            ("Slack:MaxRequestBodyBytes", "2048"),
            ("Slack:RequestTimeout", "00:00:03"));
        ServiceCollection services = new();
        services.AddLogging();

        services.AddSlackAdapter(configuration.GetSection(SlackOptions.SectionName));
        using var provider = services.BuildServiceProvider(validateScopes: true);

        var options = provider.GetRequiredService<IOptions<SlackOptions>>().Value;
        Assert.True(options.IsConfigured);
        Assert.Equal(new Uri("http://127.0.0.1:9/api/"), options.ApiBaseUrl);
        Assert.Equal(["T1"], options.AllowedTeamIds);
        Assert.Equal([new Uri("http://127.0.0.1:9")], options.AdditionalAllowedOrigins);
        Assert.Equal(2048, options.MaxRequestBodyBytes);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RequestTimeout);
        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
        Assert.NotNull(provider.GetRequiredService<SlackRequestVerifier>());
        Assert.NotNull(provider.GetRequiredService<SlackRequestReader>());
        Assert.NotNull(provider.GetRequiredService<EventDeduplicator>());
        Assert.NotNull(provider.GetRequiredService<SlackApiClient>());
        Assert.NotNull(provider.GetRequiredService<ResponseUrlClient>());
    }

    [Fact]
    public void Keeps_a_time_provider_the_host_already_registered()
    {
        FakeTimeProvider fake = new();
        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(fake);

        services.AddSlackAdapter(o => o.SigningSecret = "s");
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public async Task Half_configured_slack_fails_host_start_up_with_a_clear_message()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSlackAdapter(o => o.BotToken = "xoxb-1");
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Slack:BotToken is set but Slack:SigningSecret is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unconfigured_slack_starts_and_rejects_every_request()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSlackAdapter(_ => { });
        using var host = builder.Build();

        await host.StartAsync();
        var verifier = host.Services.GetRequiredService<SlackRequestVerifier>();
        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<IOptions<SlackOptions>>().Value.IsConfigured);
        Assert.Equal(SlackVerificationFailure.NoSigningSecretConfigured, verifier.Verify("x"u8, "1", "v0=00").Failure);
    }
}
