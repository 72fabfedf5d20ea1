using Microsoft.Extensions.Configuration;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

public sealed class GitLabOptionsTests
{
    [Fact]
    public void A_token_written_in_a_json_settings_file_stops_start_up_naming_the_key()
    {
        var folder = Directory.CreateTempSubdirectory("platformbot-gitlab-");
        var file = Path.Combine(folder.FullName, "settings.json");
        File.WriteAllText(file, """{ "Sources": { "GitLab": { "Instances": { "main": { "BaseUrl": "https://gitlab.example.com", "Token": "glpat-in-a-file" } } } } }""");
        using var factory = new PlatformBotFactory();
        using var configured = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddJsonFile(file)));

        var error = Assert.ThrowsAny<Exception>(() => configured.Services);

        Assert.Contains("Sources:GitLab:Instances:main:Token is written in", Flatten(error), StringComparison.Ordinal);
        Assert.DoesNotContain("glpat-in-a-file", Flatten(error), StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    [Fact]
    public void A_token_from_the_environment_or_in_memory_settings_is_accepted()
    {
        using var factory = new PlatformBotFactory()
            .With("Sources:GitLab:Instances:main:BaseUrl", "https://gitlab.example.com")
            .With("Sources:GitLab:Instances:main:Token", "glpat-from-the-environment");

        Assert.NotNull(factory.Services);
    }

    private static string Flatten(Exception error) => error is AggregateException a ? string.Join(' ', a.Flatten().InnerExceptions.Select(e => e.Message)) : error.ToString();
}
