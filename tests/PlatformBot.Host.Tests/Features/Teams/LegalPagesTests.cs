using System.Net;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>/privacy and /terms, the links of the Teams manifest: a configured file, a redirect, or 404.</summary>
public sealed class LegalPagesTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("platformbot-legal-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static HttpClient Client(PlatformBotFactory factory) =>
        factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task A_configured_file_is_served_and_a_configured_url_is_a_redirect()
    {
        var privacy = Path.Combine(_folder.FullName, "privacy.html");
        await File.WriteAllTextAsync(privacy, "<h1>Privacy</h1><p>We keep scores, never more.</p>");
        var terms = Path.Combine(_folder.FullName, "terms.txt");
        await File.WriteAllTextAsync(terms, "Terms of use");
        using var factory = new PlatformBotFactory().With("Legal:PrivacyFile", privacy).With("Legal:TermsUrl", "https://legal.example.com/terms");
        using var client = Client(factory);

        using var page = await client.GetAsync("/privacy");
        using var redirect = await client.GetAsync("/terms");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("We keep scores", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal(new Uri("https://legal.example.com/terms"), redirect.Headers.Location);

        using var other = new PlatformBotFactory().With("Legal:TermsFile", terms);
        using var otherClient = Client(other);
        using var text = await otherClient.GetAsync("/terms");
        Assert.Equal("text/plain", text.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Terms of use", await text.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_configuration_the_pages_are_404()
    {
        using var factory = new PlatformBotFactory();
        using var client = Client(factory);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/privacy")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/terms")).StatusCode);
    }

    [Theory]
    [InlineData("Legal:PrivacyUrl", "http://legal.example.com/privacy", "Legal:PrivacyUrl must be an absolute https URL")]
    [InlineData("Legal:TermsFile", "/no/such/terms.html", "Legal:TermsFile: no file at")]
    public void A_wrong_setting_stops_start_up_naming_the_key(string key, string value, string expected)
    {
        using var factory = new PlatformBotFactory().With(key, value);

        var error = Record.Exception(() => factory.CreateClient().Dispose());

        Assert.NotNull(error);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }
}
