using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Tests.Support;
using static PlatformBot.Host.Tests.Support.ChurnData;

namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>
/// Churn end to end through the `platformbot` executable, on SQLite and on PostgreSQL: subscriptions that end, a replace
/// import (with its dry run and its guard against a file that would end or archive most of the book) and account purge.
/// </summary>
public sealed class ChurnCommandLineTests
{
    public static TheoryData<StorageProvider> Providers => StoreProviders.All();

    private static async Task<Dictionary<string, JsonElement>> ScoresAsync(CliStore store, DateOnly asOf)
    {
        var export = await store.OkAsync("export", "scores", "--as-of", Text(asOf));
        using var json = JsonDocument.Parse(export.Stdout);
        return json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("account_id").GetString()!, e => e.Clone());
    }

    private static async Task<JsonElement> KpiAsync(CliStore store, DateOnly asOf)
    {
        var export = await store.OkAsync("export", "kpi", "--as-of", Text(asOf));
        using var json = JsonDocument.Parse(export.Stdout);
        return json.RootElement.Clone();
    }

    private static int AccountCount(JsonElement kpi) => kpi.GetProperty("levels").EnumerateArray().Sum(l => l.GetProperty("accounts").GetInt32());

    private static (string Level, decimal Arr) Row(Dictionary<string, JsonElement> scores, string account) =>
        (scores[account].GetProperty("level").GetString()!, scores[account].GetProperty("arr").GetDecimal());

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_ended_subscription_has_no_arr_and_no_usage_from_its_end_date_on_in_scores_the_kpi_and_the_card(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await ImportAsync(store, Subscriptions("S-3", "S-4"));
        await store.OkAsync("score", "--as-of", Text(Before));
        await store.OkAsync("score", "--as-of", Text(After));

        // Before the end date both count: Acme Corp's red S-4 pulls CI and CD to yellow (level 2) and adds its ARR.
        var before = await ScoresAsync(store, Before);
        Assert.Equal(("2", 500_000m), Row(before, "A-1"));
        Assert.Equal(("1", 100_000m), Row(before, "A-3"));

        // After it: no ARR and no usage. Acme Corp is its green S-1 alone (3+), Globex has nothing left (no data, 0).
        var after = await ScoresAsync(store, After);
        Assert.Equal(("3+", 300_000m), Row(after, "A-1"));
        Assert.Equal(("no data", 0m), Row(after, "A-3"));
        Assert.Equal(("1", 100_000m), Row(after, "A-2"));

        var kpi = await KpiAsync(store, After);
        Assert.Equal(400_000m, kpi.GetProperty("total_arr").GetDecimal());
        Assert.Equal([0.0, 0.25, 0.0, 0.75, 0.0], kpi.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("share").GetDouble()));

        // The live card (as of today) goes through the same inputs.
        var card = await store.OkAsync("ask", "acme", "corp", "--show-arr");
        Assert.Contains("4 of 4", card.Stdout, StringComparison.Ordinal);
        Assert.Contains("ARR $300,000", card.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("500,000", card.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_replace_of_subscriptions_ends_the_absent_ones_today_keeps_earlier_end_dates_and_leaves_stored_snapshots_alone(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await ImportAsync(store, Subscriptions("S-4"));
        await store.OkAsync("score", "--as-of", Text(Before));
        var file = store.Write("subscriptions-now.csv", """
            subscription_id,account_id,plan,arr
            S-1,A-1,ultimate,300000
            S-2,A-2,premium,100000
            """);

        // S-4 ended five days ago, so it is not active: only S-3 is absent and active.
        var dry = await store.OkAsync("import", "subscriptions", file, "--replace", "--dry-run");
        Assert.Contains("dry run, nothing was written: 2 subscriptions row(s) are valid", dry.Stdout, StringComparison.Ordinal);
        Assert.Contains("--replace would end 1 of 3 active subscriptions not in the file (end_date = the import date): S-3.", dry.Stdout, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            Assert.Null((await db.Subscriptions.SingleAsync(s => s.SubscriptionId == "S-3")).EndDate);
        }

        var dayBefore = Today;
        var run = await store.OkAsync("import", "subscriptions", file, "--replace");
        var dayAfter = Today;
        Assert.Contains("--replace ended 1 of 3 active subscriptions not in the file (end_date = the import date): S-3.", run.Stdout, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            var ends = await db.Subscriptions.AsNoTracking().ToDictionaryAsync(s => s.SubscriptionId, s => s.EndDate);
            Assert.Contains(ends["S-3"], new DateOnly?[] { dayBefore, dayAfter });
            Assert.Equal(EndDate, ends["S-4"]);
            Assert.Null(ends["S-1"]);
            Assert.Null(ends["S-2"]);
        }

        // The snapshot stored before stays as it was; a new run sees Globex churned.
        Assert.Equal(("1", 100_000m), Row(await ScoresAsync(store, Before), "A-3"));
        await store.OkAsync("score", "--as-of", Text(dayAfter));
        Assert.Equal(("no data", 0m), Row(await ScoresAsync(store, dayAfter), "A-3"));

        // Listed again (a plain import, no end_date): active again.
        await store.OkAsync("import", "subscriptions", store.Write("subscriptions-back.csv", "subscription_id,account_id,plan,arr\nS-3,A-3,premium,100000\n"));
        await using (var db = store.Db())
        {
            Assert.Null((await db.Subscriptions.SingleAsync(s => s.SubscriptionId == "S-3")).EndDate);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_replace_of_accounts_archives_the_absent_ones_out_of_lookups_the_kpi_and_new_scores_and_a_later_import_brings_them_back(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await ImportAsync(store, Subscriptions());
        await store.OkAsync("score", "--as-of", Text(Before));
        var file = store.Write("accounts-now.csv", "account_id,name\nA-1,Acme Corp\nA-3,Globex\n");

        var dry = await store.OkAsync("import", "accounts", file, "--replace", "--dry-run");
        Assert.Contains("--replace would archive 1 of 3 active accounts not in the file: A-2.", dry.Stdout, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            Assert.Equal(0, await db.Accounts.CountAsync(a => a.ArchivedAtUtc != null));
        }

        var run = await store.OkAsync("import", "accounts", file, "--replace");
        Assert.Contains("--replace archived 1 of 3 active accounts not in the file: A-2.", run.Stdout, StringComparison.Ordinal);
        Assert.Equal("", run.Stderr.Trim());

        // "acme" matched Acme Corp and Acme Labs (a pick list); with Acme Labs archived it is Acme Corp's card.
        var ask = await store.OkAsync("ask", "acme");
        Assert.Contains("Acme Corp", ask.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Acme Labs", ask.Stdout, StringComparison.Ordinal);

        var today = Today;
        var scored = await store.OkAsync("score", "--as-of", Text(today));
        Assert.Contains("Scored 2 accounts", scored.Stdout, StringComparison.Ordinal);
        var kpiNow = await KpiAsync(store, today);
        Assert.Equal(2, AccountCount(kpiNow));
        Assert.Equal(600_000m, kpiNow.GetProperty("total_arr").GetDecimal());
        // History keeps it: the week before the archive still counts Acme Labs.
        var kpiThen = await KpiAsync(store, Before);
        Assert.Equal(3, AccountCount(kpiThen));
        Assert.Equal(700_000m, kpiThen.GetProperty("total_arr").GetDecimal());

        // Present again in a later import (no --replace needed): un-archived.
        await store.OkAsync("import", "accounts", store.Write("accounts-all.csv", ChurnData.Accounts));
        var again = await store.OkAsync("ask", "acme");
        Assert.Contains("Acme Labs", again.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_replace_that_would_archive_more_than_half_is_refused_unless_allowed_and_always_reported(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await store.OkAsync("import", "accounts", store.Write("accounts.csv", ChurnData.Accounts));
        var one = store.Write("one.csv", "account_id,name\nA-1,Acme Corp\n");

        var refused = await store.RunAsync("import", "accounts", one, "--replace");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--replace would archive 2 of 3 active accounts not in the file: A-2, A-3.", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("(more than half), so nothing was written", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("--allow-large-replace", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            Assert.Equal(0, await db.Accounts.CountAsync(a => a.ArchivedAtUtc != null));
        }

        // A file with only its header would archive everything: said loudly, even on a dry run.
        var empty = await store.OkAsync("import", "accounts", store.Write("empty.csv", "account_id,name\n"), "--replace", "--dry-run");
        Assert.Contains("archives EVERY active account (3 of 3)", empty.Stderr, StringComparison.Ordinal);
        Assert.Contains("A real run needs --allow-large-replace", empty.Stderr, StringComparison.Ordinal);

        var allowed = await store.OkAsync("import", "accounts", one, "--replace", "--allow-large-replace");
        Assert.Contains("--replace archived 2 of 3 active accounts", allowed.Stdout, StringComparison.Ordinal);
        Assert.Contains("warning: this replace archives 2 of 3 active accounts, more than half", allowed.Stderr, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            Assert.Equal(["A-2", "A-3"], await db.Accounts.Where(a => a.ArchivedAtUtc != null).Select(a => a.AccountId).OrderBy(a => a).ToListAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Purge_without_yes_only_counts_and_with_yes_deletes_everything_about_the_account_and_redacts_its_audit_rows(StorageProvider provider)
    {
        await using var store = await CliStore.CreateAsync(provider);
        await ImportAsync(store, Subscriptions());
        await store.OkAsync("score", "--as-of", Text(Before));
        await store.OkAsync("ask", "acme", "corp");

        var unknown = await store.RunAsync("accounts", "purge", "A-404");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Equal("error: no account 'A-404' is stored.", unknown.Stderr.Trim());

        var ask = await store.RunAsync("accounts", "purge", "A-1");
        Assert.Equal(2, ask.ExitCode);
        Assert.Contains("Would delete for A-1 (Acme Corp): 1 account, 2 subscription(s), 2 instance(s), 2 usage row(s), 1 score snapshot(s); 1 audit row(s) redacted.",
            ask.Stdout, StringComparison.Ordinal);
        Assert.Contains("Run again with --yes", ask.Stderr, StringComparison.Ordinal);
        await using (var db = store.Db())
        {
            Assert.True(await db.Accounts.AnyAsync(a => a.AccountId == "A-1"));
            Assert.Equal(2, await db.UsageRows.CountAsync(u => u.SubscriptionId == "S-1" || u.SubscriptionId == "S-4"));
        }

        var purge = await store.OkAsync("accounts", "purge", "A-1", "--yes");
        Assert.Contains("Purged A-1: deleted 1 account, 2 subscription(s), 2 instance(s), 2 usage row(s), 1 score snapshot(s); 1 audit row(s) redacted.",
            purge.Stdout, StringComparison.Ordinal);

        await using (var db = store.Db())
        {
            Assert.False(await db.Accounts.AnyAsync(a => a.AccountId == "A-1"));
            Assert.False(await db.Subscriptions.AnyAsync(s => s.AccountId == "A-1"));
            Assert.False(await db.Instances.AnyAsync(i => i.SubscriptionId == "S-1" || i.SubscriptionId == "S-4"));
            Assert.False(await db.UsageRows.AnyAsync(u => u.SubscriptionId == "S-1" || u.SubscriptionId == "S-4"));
            Assert.False(await db.ScoreSnapshots.AnyAsync(s => s.AccountId == "A-1"));
            // Everyone else is untouched.
            Assert.Equal(2, await db.Accounts.CountAsync());
            Assert.Equal(2, await db.UsageRows.CountAsync());
            Assert.Equal(2, await db.ScoreSnapshots.CountAsync());

            var audit = await db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
            Assert.All(audit, e => Assert.DoesNotContain("A-1", (e.Subject ?? "") + " " + e.Detail, StringComparison.OrdinalIgnoreCase));
            Assert.All(audit, e => Assert.DoesNotContain("acme corp", (e.Subject ?? "") + " " + e.Detail, StringComparison.OrdinalIgnoreCase));
            var lookup = Assert.Single(audit, e => e.Action == "lookup");
            Assert.Equal(("[purged]", "[purged]"), (lookup.Subject, lookup.Detail));
            var purgeRow = Assert.Single(audit, e => e.Action == "purge");
            Assert.StartsWith("cli:", purgeRow.Actor, StringComparison.Ordinal);
            Assert.Equal("[purged]", purgeRow.Subject);
            Assert.Equal("1 account, 2 subscription(s), 2 instance(s), 2 usage row(s), 1 score snapshot(s); 1 audit row(s) redacted", purgeRow.Detail);
        }
    }

    [Fact]
    public async Task Score_refuses_to_store_a_snapshot_dated_after_today_with_one_line()
    {
        await using var store = await CliStore.CreateAsync(StorageProvider.Sqlite);
        var tomorrowAndOne = Today.AddDays(2);

        var result = await store.RunAsync("score", "--as-of", Text(tomorrowAndOne));

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: --as-of {Text(tomorrowAndOne)} is in the future", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.Trim().Split('\n'));
    }
}
