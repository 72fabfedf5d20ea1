using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PlatformBot.Teams.Tests;

public sealed class TeamsOptionsTests
{
    [Fact]
    public void An_empty_configuration_is_valid_but_not_configured()
    {
        TeamsOptions options = new();

        Assert.Empty(options.Validate());
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void AppId_without_password_names_the_missing_key()
    {
        TeamsOptions options = new() { AppId = "00000000-aaaa-bbbb-cccc-000000000001" };

        Assert.Contains("Teams:AppPassword is missing while Teams:AppId is set.", options.Validate());
        Assert.False(options.IsConfigured);
    }

    [Fact]
    public void Password_without_AppId_names_the_missing_key()
    {
        TeamsOptions options = new() { AppPassword = "secret" };

        Assert.Contains("Teams:AppId is missing while Teams:AppPassword is set.", options.Validate());
    }

    [Fact]
    public void Http_metadata_needs_the_explicit_test_switch()
    {
        TeamsOptions options = new() { OpenIdMetadataUrl = new Uri("http://127.0.0.1:5000/keys") };

        Assert.Contains(options.Validate(), e => e.Contains("OpenIdMetadataUrl must use https", StringComparison.Ordinal));
        options.RequireHttpsMetadata = false;
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData(null, "https://login.microsoftonline.com/botframework.com/")]
    [InlineData("botframework.com", "https://login.microsoftonline.com/botframework.com/")]
    [InlineData("72f988bf-86f1-41af-91ab-2d7cd011db47", "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/")]
    public void The_authority_uses_the_app_tenant_or_botframework_com(string? tenant, string expected)
    {
        Assert.Equal(expected, new TeamsOptions { AppTenantId = tenant }.GetAuthority().AbsoluteUri);
    }

    [Fact]
    public void Binding_from_configuration_keeps_default_hosts_and_adds_configured_ones()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = "00000000-aaaa-bbbb-cccc-000000000001",
            ["Teams:AppPassword"] = "secret",
            ["Teams:AppTenantId"] = "tenant-home",
            ["Teams:AllowedTenantIds:0"] = "tenant-a",
            ["Teams:AllowedServiceUrlHosts:0"] = "localhost",
            ["Teams:Pacing:PermitsPerSecond"] = "5",
        }).Build();
        ServiceCollection services = new();
        services.AddTeamsAdapter(configuration);
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<TeamsOptions>>().Value;

        Assert.True(options.IsConfigured);
        Assert.Equal(["tenant-a"], options.AllowedTenantIds);
        Assert.Contains("smba.trafficmanager.net", options.AllowedServiceUrlHosts);
        Assert.Contains("localhost", options.AllowedServiceUrlHosts);
        Assert.Equal(5, options.Pacing.PermitsPerSecond);
    }

    [Fact]
    public void Half_a_configuration_fails_when_options_are_resolved()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = "00000000-aaaa-bbbb-cccc-000000000001",
        }).Build();
        ServiceCollection services = new();
        services.AddTeamsAdapter(configuration);
        using var provider = services.BuildServiceProvider();

        var exception = Assert.Throws<OptionsValidationException>(
            () => provider.GetRequiredService<IOptions<TeamsOptions>>().Value);

        Assert.Contains("Teams:AppPassword is missing while Teams:AppId is set.", exception.Failures);
    }
}
