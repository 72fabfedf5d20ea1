using System.Text.Json;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>The `platformbot` executable end to end, as an operator runs it.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("platformbot-cli-");

    public void Dispose() => _work.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_work.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private Task<Support.Cli.Result> Run(params string[] args) => Support.Cli.RunAsync(Path.Combine(_work.FullName, "store"), args);

    private async Task ImportSampleAsync()
    {
        Assert.Equal(0, (await Run("import", "accounts", Write("accounts.csv", SampleData.Accounts))).ExitCode);
        Assert.Equal(0, (await Run("import", "subscriptions", Write("subscriptions.csv", SampleData.Subscriptions))).ExitCode);
        var usage = await Run("import", "usage", Write("usage.csv", SampleData.Usage));
        Assert.True(usage.ExitCode == 0, usage.Stderr);
    }

    [Fact]
    public async Task Score_then_export_scores_prints_the_json_contract()
    {
        await ImportSampleAsync();
        var score = await Run("score", "--as-of", SampleData.AsOf);
        Assert.True(score.ExitCode == 0, score.Stderr);
        Assert.Contains($"Scored 3 accounts as of {SampleData.AsOf}", score.Stdout, StringComparison.Ordinal);

        var export = await Run("export", "scores", "--as-of", SampleData.AsOf, "--format", "json");
        Assert.True(export.ExitCode == 0, export.Stderr);
        using var json = JsonDocument.Parse(export.Stdout);
        var rows = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("account_id").GetString()!);
        Assert.Equal(3, rows.Count);

        var acme = rows["A-1"];
        Assert.Equal("Acme Corp", acme.GetProperty("name").GetString());
        Assert.Equal(SampleData.AsOf, acme.GetProperty("as_of").GetString());
        Assert.Equal(300000m, acme.GetProperty("arr").GetDecimal());
        Assert.Equal(4, acme.GetProperty("adoption_score").GetInt32());
        Assert.Equal("3+", acme.GetProperty("level").GetString());
        foreach (var useCase in new[] { "scm", "ci", "cd", "security" })
        {
            Assert.Equal("green", acme.GetProperty("use_cases").GetProperty(useCase).GetProperty("color").GetString());
        }

        var labs = rows["A-2"];
        Assert.Equal(1, labs.GetProperty("adoption_score").GetInt32());
        Assert.Equal("1", labs.GetProperty("level").GetString());
        Assert.Equal("unknown", labs.GetProperty("use_cases").GetProperty("security").GetProperty("color").GetString());
        Assert.Equal(JsonValueKind.Null, labs.GetProperty("use_cases").GetProperty("security").GetProperty("score").ValueKind);

        var globex = rows["A-3"];
        Assert.Equal(JsonValueKind.Null, globex.GetProperty("adoption_score").ValueKind);
        Assert.Equal("no data", globex.GetProperty("level").GetString());
    }

    [Fact]
    public async Task Export_kpi_lists_all_five_levels_in_order_with_shares_of_arr()
    {
        await ImportSampleAsync();
        Assert.Equal(0, (await Run("score", "--as-of", SampleData.AsOf)).ExitCode);

        var export = await Run("export", "kpi", "--as-of", SampleData.AsOf);
        Assert.True(export.ExitCode == 0, export.Stderr);
        using var json = JsonDocument.Parse(export.Stdout);
        Assert.Equal(500000m, json.RootElement.GetProperty("total_arr").GetDecimal());
        var levels = json.RootElement.GetProperty("levels").EnumerateArray().ToList();
        Assert.Equal(["0", "1", "2", "3+", "no data"], levels.Select(l => l.GetProperty("level").GetString()));
        Assert.Equal([0.0, 0.2, 0.0, 0.6, 0.2], levels.Select(l => l.GetProperty("share").GetDouble()));
        Assert.Equal([0, 1, 0, 1, 1], levels.Select(l => l.GetProperty("accounts").GetInt32()));

        var csv = await Run("export", "kpi", "--as-of", SampleData.AsOf, "--format", "csv");
        Assert.Equal("as_of,level,arr,share,accounts", csv.Stdout.Split('\n')[0].Trim());
        Assert.Contains($"{SampleData.AsOf},3+,300000,0.6,1", csv.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_import_exits_non_zero_and_lists_errors_on_stderr()
    {
        var result = await Run("import", "accounts", Write("bad.csv", "account_id,nam\nA-1,Acme\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("rejected, nothing was imported", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("unknown column 'nam'", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>
    /// Issue 10: a stored vector that held an instance id made `score` die with an unhandled FormatException and store
    /// nothing for anyone; `ask` and `export` crashed. A damaged cell now counts as unknown and is named.
    /// </summary>
    [Fact]
    public async Task A_corrupt_stored_metric_vector_is_named_and_does_not_stop_score_ask_or_export()
    {
        await ImportSampleAsync();
        var snapshot = SampleData.SnapshotDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_work.FullName, "store", "platformbot.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var corrupt = connection.CreateCommand();
            // What the bug wrote (an id in a metric slot), plus a count too large for 64 bits.
            corrupt.CommandText = "UPDATE usage_rows SET metrics = '100,i-1,90,99999999999999999999,5000' WHERE instance_id = 'i-1'";
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var score = await Run("score", "--as-of", SampleData.AsOf);
        Assert.True(score.ExitCode == 0, score.Stderr);
        Assert.DoesNotContain("   at ", score.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Scored 3 accounts as of {SampleData.AsOf}", score.Stdout, StringComparison.Ordinal);
        Assert.Contains($"1 usage row(s) had stored metrics that do not read as whole numbers; those metrics counted as unknown: i-1 on {snapshot}", score.Stdout, StringComparison.Ordinal);
        Assert.Contains($"Usage row of instance i-1 on {snapshot}: 2 stored metric cell(s) are not whole numbers", score.Stderr, StringComparison.Ordinal);

        // The other accounts are scored as before; the damaged one from its readable metrics.
        var export = await Run("export", "scores", "--as-of", SampleData.AsOf);
        Assert.True(export.ExitCode == 0, export.Stderr);
        using var json = JsonDocument.Parse(export.Stdout);
        var rows = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("account_id").GetString()!);
        Assert.Equal(3, rows.Count);
        Assert.Equal("1", rows["A-2"].GetProperty("level").GetString());
        Assert.NotEqual("no data", rows["A-1"].GetProperty("level").GetString());

        // Live scoring (no stored snapshot for that date) reads the row again: named again, no crash.
        var live = await Run("export", "kpi", "--as-of", snapshot);
        Assert.True(live.ExitCode == 0, live.Stderr);
        Assert.Contains($"Usage row of instance i-1 on {snapshot}", live.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", live.Stderr, StringComparison.Ordinal);

        var ask = await Run("ask", "acme", "corp");
        Assert.True(ask.ExitCode == 0, ask.Stdout + ask.Stderr);
        Assert.Contains("Acme Corp", ask.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("went wrong", ask.Stdout, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Usage row of instance i-1 on {snapshot}", ask.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_refuses_an_as_of_date_in_the_future_in_one_line()
    {
        var tomorrow = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var result = await Run("score", "--as-of", tomorrow);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --as-of {tomorrow} is in the future: today is ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_as_of_date_gets_a_clear_message()
    {
        var result = await Run("score", "--as-of", "22/11/2026");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --as-of '22/11/2026' is not a date in yyyy-MM-dd form.", result.Stderr.Trim());
    }

    [Fact]
    public async Task Ask_answers_like_the_slash_command_and_offers_a_pick_list_for_ambiguous_names()
    {
        await ImportSampleAsync();
        Assert.Equal(0, (await Run("score", "--as-of", SampleData.AsOf)).ExitCode);

        var ambiguous = await Run("ask", "acme");
        Assert.Contains("Acme Corp", ambiguous.Stdout, StringComparison.Ordinal);
        Assert.Contains("Acme Labs", ambiguous.Stdout, StringComparison.Ordinal);

        var card = await Run("ask", "acme", "corp");
        Assert.True(card.ExitCode == 0, card.Stderr);
        Assert.Contains("Acme Corp", card.Stdout, StringComparison.Ordinal);
        Assert.Contains("4 of 4", card.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_hides_arr_unless_show_arr_is_given()
    {
        await ImportSampleAsync();
        Assert.Equal(0, (await Run("score", "--as-of", SampleData.AsOf)).ExitCode);

        var hidden = await Run("ask", "acme", "corp");
        var shown = await Run("ask", "acme", "corp", "--show-arr");
        var oldSwitch = await Run("ask", "--no-arr", "acme", "corp");

        Assert.True(hidden.ExitCode == 0, hidden.Stderr);
        Assert.Contains("4 of 4", hidden.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("300,000", hidden.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("ARR $", hidden.Stdout, StringComparison.Ordinal);
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("ARR $300,000", shown.Stdout, StringComparison.Ordinal);
        Assert.True(oldSwitch.ExitCode == 0, oldSwitch.Stderr); // still accepted, and it hides as before
        Assert.DoesNotContain("300,000", oldSwitch.Stdout, StringComparison.Ordinal);

        var kpi = await Run("ask", "kpi");
        var kpiShown = await Run("ask", "kpi", "--show-arr");
        Assert.DoesNotContain("ARR $", kpi.Stdout, StringComparison.Ordinal);
        Assert.Contains("ARR $", kpiShown.Stdout, StringComparison.Ordinal);
    }
}
