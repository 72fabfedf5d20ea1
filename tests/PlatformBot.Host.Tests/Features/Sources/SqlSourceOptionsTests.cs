using Microsoft.Extensions.Configuration;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Sources;

public sealed class SqlSourceOptionsTests
{
    [Fact]
    public void A_connection_string_with_a_password_in_a_json_settings_file_stops_start_up_naming_the_key()
    {
        var folder = Directory.CreateTempSubdirectory("platformbot-sql-");
        var file = Path.Combine(folder.FullName, "settings.json");
        File.WriteAllText(file, """
            { "Sources": { "Sql": { "crm": { "Kind": "accounts", "Provider": "Postgres", "Query": "SELECT 1",
              "ConnectionString": "Host=warehouse;Username=bot;Password=in-a-file-0001" } } } }
            """);
        using var factory = new PlatformBotFactory();
        using var configured = factory.WithWebHostBuilder(b => b.ConfigureAppConfiguration((_, c) => c.AddJsonFile(file)));

        var error = Flatten(Assert.ThrowsAny<Exception>(() => configured.Services));

        Assert.Contains("Sources:Sql:crm:ConnectionString carries a password and is written in", error, StringComparison.Ordinal);
        Assert.Contains("Sources__Sql__crm__ConnectionString", error, StringComparison.Ordinal);
        Assert.DoesNotContain("in-a-file-0001", error, StringComparison.Ordinal);
        folder.Delete(recursive: true);
    }

    [Theory]
    [InlineData("Kind", "leads", "Sources:Sql:crm:Kind 'leads' must be accounts, subscriptions, usage or instance-map.")]
    [InlineData("Provider", null, "Sources:Sql:crm:Provider is missing: Postgres, SqlServer or Sqlite.")]
    [InlineData("ConnectionString", " ", "Sources:Sql:crm:ConnectionString is missing: set Sources__Sql__crm__ConnectionString in the environment")]
    [InlineData("ConnectionString", "Hots=warehouse", "Sources:Sql:crm:ConnectionString is not a valid Postgres connection string")]
    [InlineData("Query", " ", "Sources:Sql:crm:Query is missing")]
    [InlineData("Schedule", "every monday", "Sources:Sql:crm:Schedule 'every monday' is not a Quartz cron expression.")]
    [InlineData("CommandTimeoutSeconds", "0", "Sources:Sql:crm:CommandTimeoutSeconds (0) must be at least 1.")]
    [InlineData("Replace", "true", null)]
    public void A_bad_setting_stops_start_up_naming_its_key(string key, string? value, string? expected)
    {
        using var factory = new PlatformBotFactory()
            .With("Sources:Sql:crm:Kind", key == "Replace" ? "usage" : "accounts")
            .With("Sources:Sql:crm:Provider", "Postgres")
            .With("Sources:Sql:crm:ConnectionString", "Host=warehouse;Username=bot;Password=from-the-environment")
            .With("Sources:Sql:crm:Query", "SELECT * FROM bot.accounts")
            .With($"Sources:Sql:crm:{key}", value);

        var error = Flatten(Assert.ThrowsAny<Exception>(() => factory.Services));

        Assert.Contains(expected ?? "Sources:Sql:crm:Replace applies to accounts and subscriptions only", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_source_with_its_connection_string_from_the_environment_is_accepted()
    {
        using var factory = new PlatformBotFactory()
            .With("Sources:Sql:crm:Kind", "subscriptions")
            .With("Sources:Sql:crm:Provider", "SqlServer")
            .With("Sources:Sql:crm:ConnectionString", "Server=warehouse;Database=crm;User Id=bot;Password=from-the-environment;Encrypt=true")
            .With("Sources:Sql:crm:Query", "SELECT * FROM bot.subscriptions")
            .With("Sources:Sql:crm:Replace", "true");

        Assert.NotNull(factory.Services);
    }

    private static string Flatten(Exception error) => error is AggregateException a ? string.Join(' ', a.Flatten().InnerExceptions.Select(e => e.Message)) : error.ToString();
}
