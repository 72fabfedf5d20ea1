namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>
/// Issue 12, "Command line and start-up": what the executable does with a wrong word, a wrong setting, the wrong
/// folder and its configuration files, run as an operator runs it (the built binary, its own working directory).
/// </summary>
public sealed class StartupCommandLineTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("platformbot-start-");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _work.Delete(recursive: true);
    }

    private string Store => Path.Combine(_work.FullName, "store");

    /// <summary>Runs in the test's folder with the store in <see cref="Store"/> and the given settings.</summary>
    private Task<Support.Cli.Result> Run(IReadOnlyDictionary<string, string>? settings, params string[] args) =>
        Support.Cli.RunInAsync(_work.FullName, new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["Storage__DataDirectory"] = Store }, args);

    private Task<Support.Cli.Result> Run(params string[] args) => Run(null, args);

    private static void AssertOneLineError(Support.Cli.Result result, string expected)
    {
        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        var lines = result.Stderr.Trim().Split('\n');
        Assert.True(lines.Length == 1, result.Stderr);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_misspelt_verb_fails_with_exit_2_naming_the_nearest_verb_and_creates_no_store()
    {
        // No data directory given: the default (./data) is where a served store would have been created.
        var typo = await Support.Cli.RunInAsync(_work.FullName, null, "improt", "usage", "x.csv");

        AssertOneLineError(typo, "'improt' is not a platformbot command; did you mean import?");
        Assert.False(Directory.Exists(Path.Combine(_work.FullName, "data")));
    }

    [Fact]
    public async Task A_word_that_is_no_verb_fails_with_exit_2_listing_the_verbs()
    {
        var bogus = await Support.Cli.RunInAsync(_work.FullName, null, "bogus");

        AssertOneLineError(bogus, "'bogus' is not a platformbot command; the commands are ");
        Assert.Contains("import", bogus.Stderr, StringComparison.Ordinal);
        Assert.Empty(_work.GetFileSystemInfos());
    }

    [Fact]
    public async Task Serve_help_lists_urls_and_the_global_options()
    {
        var help = await Run("serve", "--help");

        Assert.True(help.ExitCode == 0, help.Stderr);
        Assert.Contains("--urls", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--config", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("--verbose", help.Stdout, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> UserErrors() => new()
    {
        // setting (KEY=VALUE or empty), arguments (space-separated), the text the one line must contain
        { "", "score --as-of 2026-02-30", "--as-of '2026-02-30' is not a date" },
        { "", "migrate --script", "migrate --script is for SqlServer and Postgres (Storage:Provider is Sqlite)" },
        { "Storage__Provider=Oracle", "export kpi", "Storage:Provider 'Oracle' must be Sqlite, SqlServer or Postgres." },
        { "Storage__CommandTimeoutSeconds=-5", "migrate", "Storage:CommandTimeoutSeconds must be 0 (no limit) or a number of seconds." },
        { "Scoring__Model=gitlab-2020", "models", "Scoring:Model 'gitlab-2020' is not a bundled model; the bundled models are gitlab-2023, gitlab-current." },
        { "Scoring__ModelFile=gitlab-2023.json", "models", "Scoring:ModelFile 'gitlab-2023.json': no such file" },
    };

    [Theory]
    [MemberData(nameof(UserErrors))]
    public async Task An_expected_user_or_configuration_error_is_one_line_naming_the_argument_or_key_with_exit_2(string setting, string arguments, string expected)
    {
        var settings = setting.Length == 0 ? null : new Dictionary<string, string> { [setting.Split('=')[0]] = setting.Split('=', 2)[1] };

        AssertOneLineError(await Run(settings, arguments.Split(' ')), expected);
    }

    [Fact]
    public async Task A_wrong_option_is_a_user_error_with_exit_2_pointing_at_the_verbs_help()
    {
        var result = await Run("score", "--asof", "2026-11-23");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--asof", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("See `platformbot score --help`.", result.Stderr.Trim(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Store));
    }

    [Fact]
    public async Task Verbose_adds_the_stack_trace_to_an_expected_error()
    {
        var result = await Run("score", "--as-of", "2026-02-30", "--verbose");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --as-of '2026-02-30' is not a date", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Digests__ClaimTimeout", "00:00:10", "Digests:ClaimTimeout (00:00:10) must be at least 00:01:00.")]
    [InlineData("Digests__ClaimTimeout", "soon", "'Digests:ClaimTimeout'")]
    [InlineData("Storage__CommandTimeoutSeconds", "-1", "Storage:CommandTimeoutSeconds must be 0 (no limit) or a number of seconds.")]
    public async Task Serve_with_a_bad_setting_says_so_once_naming_the_key_before_anything_starts(string key, string value, string expected)
    {
        var result = await Run(new Dictionary<string, string> { [key] = value }, "serve", "--urls", "http://127.0.0.1:0");

        Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal(1, Occurrences(result.Stderr + result.Stdout, expected));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", result.Stderr + result.Stdout, StringComparison.Ordinal);
    }

    private static int Occurrences(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Theory]
    [InlineData("ask acme")]
    [InlineData("export kpi")]
    [InlineData("export scores --format csv")]
    [InlineData("score")]
    [InlineData("digests preview --kind arr-kpi")]
    [InlineData("digests log")]
    [InlineData("subscriptions list")]
    public async Task A_read_only_verb_where_there_is_no_store_says_so_and_creates_nothing(string arguments)
    {
        var result = await Run(arguments.Split(' '));

        AssertOneLineError(result, $"no store at {Path.Combine(Store, "platformbot.db")}; run `platformbot import` or `platformbot demo seed` first");
        Assert.False(Directory.Exists(Store), "the store's folder was created");
    }

    [Fact]
    public async Task The_appsettings_next_to_the_binary_load_wherever_the_host_starts_and_one_in_the_working_directory_is_not_applied()
    {
        // A settings file for an environment of this test's own, next to the binary (the test's output folder).
        var environment = "Start" + Guid.NewGuid().ToString("N")[..8];
        var shipped = Path.Combine(AppContext.BaseDirectory, $"appsettings.{environment}.json");
        await File.WriteAllTextAsync(shipped, """{ "Scoring": { "Model": "gitlab-2023" } }""");
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, "appsettings.json"), """{ "Scoring": { "TimeZone": "Not/AZone", "Model": "nope" } }""");
        await File.WriteAllTextAsync(Path.Combine(_work.FullName, $"appsettings.{environment}.json"), """{ "Scoring": { "Model": "nope" } }""");
        try
        {
            var models = await Run(new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = environment }, "models");

            Assert.True(models.ExitCode == 0, models.Stderr);
            Assert.Matches(@"(?m)^\* gitlab-2023\s+gitlab-2023\.1\s+scm, ci, cd, security\s+\(selected\)", models.Stdout);
        }
        finally
        {
            File.Delete(shipped);
        }
    }

    [Fact]
    public async Task A_config_file_is_applied_after_the_shipped_settings_and_before_environment_variables()
    {
        var file = Path.Combine(_work.FullName, "ops.json");
        await File.WriteAllTextAsync(file, """{ "Scoring": { "Model": "gitlab-2023" } }""");

        var fromFile = await Run("models", "--config", file);
        Assert.True(fromFile.ExitCode == 0, fromFile.Stderr);
        Assert.Contains("* gitlab-2023", fromFile.Stdout, StringComparison.Ordinal);

        var environmentWins = await Run(new Dictionary<string, string> { ["Scoring__Model"] = "gitlab-current" }, "--config", file, "models");
        Assert.Contains("* gitlab-current", environmentWins.Stdout, StringComparison.Ordinal);

        AssertOneLineError(await Run("models", "--config", Path.Combine(_work.FullName, "missing.json")), "--config ");
        Assert.Contains("missing.json: no such file", (await Run("ask", "acme", "--config", "missing.json")).Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bundled_model_ships_next_to_the_binary_and_is_selected_by_name_or_by_path()
    {
        var embedded = PlatformBot.Scoring.ScoringModel.EmbeddedModelNames;
        Assert.Contains("gitlab-2023.json", embedded);
        Assert.Contains("gitlab-current.json", embedded);
        foreach (var name in embedded)
        {
            var shipped = Path.Combine(AppContext.BaseDirectory, "models", name);
            Assert.True(File.Exists(shipped), $"{shipped} is not in the build output");
            using var resource = typeof(PlatformBot.Scoring.ScoringModel).Assembly.GetManifestResourceStream("PlatformBot.Scoring.Models." + name)!;
            using var reader = new StreamReader(resource);
            Assert.Equal(await reader.ReadToEndAsync(), await File.ReadAllTextAsync(shipped));
        }

        var byDefault = await Run("models");
        Assert.True(byDefault.ExitCode == 0, byDefault.Stderr);
        Assert.Matches(@"(?m)^  gitlab-2023\s+gitlab-2023\.1\s+scm, ci, cd, security\s*$", byDefault.Stdout);
        Assert.Matches(@"(?m)^\* gitlab-current\s+gitlab-2026\.1\s+scm, ci, cd, security\s+\(selected\)", byDefault.Stdout);

        var byName = await Run(new Dictionary<string, string> { ["Scoring__Model"] = "gitlab-2023" }, "models");
        Assert.Matches(@"(?m)^\* gitlab-2023\s+gitlab-2023\.1", byName.Stdout);

        var path = Path.Combine(AppContext.BaseDirectory, "models", "gitlab-2023.json");
        var byPath = await Run(new Dictionary<string, string> { ["Scoring__ModelFile"] = path }, "models");
        Assert.True(byPath.ExitCode == 0, byPath.Stderr);
        Assert.Contains($"* {path}  gitlab-2023.1  scm, ci, cd, security  (selected by Scoring:ModelFile)", byPath.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("(selected)", byPath.Stdout, StringComparison.Ordinal);
    }
}
