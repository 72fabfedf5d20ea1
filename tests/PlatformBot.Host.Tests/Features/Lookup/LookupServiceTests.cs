using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>`/adoption` end to end on the real host and a real SQLite store: import, score, ask, audit.</summary>
public sealed class LookupServiceTests : IDisposable
{
    private static readonly Viewer Seller = new("slack:T1/U1", "slack", MaySeeArr: true, "sam@example.com");
    private static readonly Viewer Channel = new("slack:T1/U2", "slack", MaySeeArr: false, null);

    private readonly PlatformBotFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task ImportAsync(ImportKind kind, string csv)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(csv));
        var result = await Service<ImportService>().ImportAsync(kind, stream, "test", "cli", null, CancellationToken.None);
        Assert.True(result.Succeeded, kind.ToString());
    }

    /// <summary>
    /// The sample data (Acme Corp all green, Acme Labs SCM only, Globex no usage) a week ago, plus a row two weeks ago
    /// in which Acme Corp was red everywhere; snapshots stored for both dates.
    /// </summary>
    private async Task SeedAsync()
    {
        await ImportAsync(ImportKind.Accounts, SampleData.Accounts);
        await ImportAsync(ImportKind.Subscriptions, SampleData.Subscriptions);
        var header = SampleData.Usage.Split('\n')[0].Trim();
        var earlier = SampleData.SnapshotDate.AddDays(-7);
        await ImportAsync(ImportKind.Usage, SampleData.Usage + "\n" + $"i-1,S-1,production,{Date(earlier)},100,120,90,5,10,1,1,1,9,1,100,1,0,0,0,0,0,0");
        Assert.StartsWith("instance_id,", header, StringComparison.Ordinal);

        var runner = Service<ScoreRunner>();
        await runner.ScoreAndStoreAsync(earlier, CancellationToken.None);
        await runner.ScoreAndStoreAsync(SampleData.SnapshotDate, CancellationToken.None);
    }

    private async Task<List<Data.Entities.AuditEntry>> AuditAsync()
    {
        await using var db = await Service<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Where(a => a.Action != "import").OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task An_ambiguous_name_gets_a_pick_list_and_an_audit_row()
    {
        await SeedAsync();

        var answer = await Service<LookupService>().AskAsync("acme", Seller, CancellationToken.None);

        var pick = Assert.IsType<PickListAnswer>(answer);
        Assert.Equal(["A-1", "A-2"], pick.Choices.Select(c => c.AccountId));
        Assert.Equal(2, pick.TotalMatches);
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal(("slack:T1/U1", "slack", "lookup", (string?)null, "ambiguous (2): acme"), (audit.Actor, audit.Surface, audit.Action, audit.Subject, audit.Detail));
    }

    [Fact]
    public async Task One_clear_match_gets_the_live_card_with_trend_and_the_audit_row_names_the_account_but_never_arr()
    {
        await SeedAsync();

        var answer = await Service<LookupService>().AskAsync("Acme  Corp", Seller, CancellationToken.None);

        var card = Assert.IsType<ScoreCardAnswer>(answer);
        Assert.Equal(("A-1", 4, "3+", (Money?)new Money(300_000m, "USD")), (card.AccountId, card.AdoptionScore, card.Level, card.Arr));
        Assert.Equal("4 of 4 use cases green — level 3+ (platform adoption reached: 3+)", card.Headline);
        Assert.Equal(Service<BusinessCalendar>().Today, card.AsOf);
        Assert.Equal(SampleData.SnapshotDate, card.DataAsOf);
        Assert.Equal(TrendDirection.Same, card.VsLast!.Direction);
        Assert.Equal(SampleData.SnapshotDate, card.VsLast.Since);
        Assert.Equal(("sam@example.com", "jo@example.com"), (card.Owner, card.Csm));
        var audit = Assert.Single(await AuditAsync());
        Assert.Equal(("lookup", "A-1", "query: Acme Corp"), (audit.Action, audit.Subject, audit.Detail));
        Assert.DoesNotContain("300", audit.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_who_may_not_see_arr_gets_no_arr_anywhere()
    {
        await SeedAsync();
        var lookup = Service<LookupService>();

        var card = Assert.IsType<ScoreCardAnswer>(await lookup.AskAsync("A-1", Channel, CancellationToken.None));
        var kpi = Assert.IsType<KpiAnswer>(await lookup.AskAsync("kpi", Channel, CancellationToken.None));
        var movers = Assert.IsType<MoversAnswer>(await lookup.AskAsync("movers", Channel, CancellationToken.None));

        Assert.Null(card.Arr);
        Assert.Null(kpi.TotalArr);
        Assert.All(kpi.Levels, l => Assert.Null(l.Arr));
        Assert.All(movers.Up.Concat(movers.Down), m => Assert.Null(m.Arr));
        Assert.DoesNotContain("300,000", TextRenderer.Render(card), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_typo_is_not_found_with_did_you_mean()
    {
        await SeedAsync();

        var answer = await Service<LookupService>().AskAsync("globx", Seller, CancellationToken.None);

        var none = Assert.IsType<NotFoundAnswer>(answer);
        Assert.Equal("Globex", Assert.Single(none.Suggestions).Name);
        Assert.Equal("not found: globx", Assert.Single(await AuditAsync()).Detail);
    }

    [Fact]
    public async Task A_pick_list_button_gets_the_card_by_id()
    {
        await SeedAsync();
        var lookup = Service<LookupService>();

        var labs = Assert.IsType<ScoreCardAnswer>(await lookup.CardAsync("A-2", Seller, CancellationToken.None));
        var gone = Assert.IsType<NotFoundAnswer>(await lookup.CardAsync("A-404", Seller, CancellationToken.None));

        Assert.Equal(("Acme Labs", 1, "1"), (labs.Name, labs.AdoptionScore, labs.Level));
        Assert.Equal(UseCaseStatus.NotApplicable, labs.UseCases.Single(u => u.Id == "security").Status);
        Assert.Equal("A-404", gone.Query);
        Assert.Equal([("A-2", "picked"), (null, "unknown id: A-404")], (await AuditAsync()).Select(a => (a.Subject, a.Detail)));
    }

    [Fact]
    public async Task An_account_without_usage_gets_a_no_data_card()
    {
        await SeedAsync();

        var card = Assert.IsType<ScoreCardAnswer>(await Service<LookupService>().AskAsync("globex", Seller, CancellationToken.None));

        Assert.Null(card.AdoptionScore);
        Assert.Equal("no data", card.Level);
        Assert.All(card.UseCases, u => Assert.NotEqual(UseCaseStatus.Scored, u.Status));
        Assert.Equal("No usage data has been received for this account.", card.StalenessWarning);
    }

    [Fact]
    public async Task Kpi_compares_the_latest_stored_date_with_the_previous_one_in_points()
    {
        await SeedAsync();

        var kpi = Assert.IsType<KpiAnswer>(await Service<LookupService>().AskAsync("kpi", Seller, CancellationToken.None));

        Assert.Equal((SampleData.SnapshotDate, (DateOnly?)SampleData.SnapshotDate.AddDays(-7), 3, (Money?)new Money(500_000m, "USD")), (kpi.AsOf, kpi.PreviousAsOf, kpi.Accounts, kpi.TotalArr));
        Assert.Equal(["0", "1", "2", "3+", "no data"], kpi.Levels.Select(l => l.Level));
        var platform = kpi.Levels.Single(l => l.Level == "3+");
        Assert.Equal((0.6, 1, 60.0, 1), (platform.Share, platform.Accounts, Math.Round(platform.ShareChangePoints!.Value, 6), platform.AccountsChange!.Value));
        Assert.Equal("kpi", Assert.Single(await AuditAsync()).Action);
    }

    [Fact]
    public async Task Movers_lists_the_accounts_whose_level_changed_since_the_previous_date()
    {
        await SeedAsync();

        var movers = Assert.IsType<MoversAnswer>(await Service<LookupService>().AskAsync("movers", Seller, CancellationToken.None));

        var up = Assert.Single(movers.Up);
        Assert.Equal(("A-1", "0", "3+", (Money?)new Money(300_000m, "USD")), (up.AccountId, up.FromLevel, up.ToLevel, up.Arr));
        Assert.Empty(movers.Down);
    }

    [Fact]
    public async Task Help_and_explain_need_no_data_and_an_unknown_use_case_lists_the_valid_ones()
    {
        var lookup = Service<LookupService>();

        var help = Assert.IsType<HelpAnswer>(await lookup.AskAsync("", Seller, CancellationToken.None));
        var explain = Assert.IsType<ExplainAnswer>(await lookup.AskAsync("explain CI", Seller, CancellationToken.None));
        var unknown = Assert.IsType<HelpAnswer>(await lookup.AskAsync("explain devops", Seller, CancellationToken.None));
        var kpi = Assert.IsType<ErrorAnswer>(await lookup.AskAsync("kpi", Seller, CancellationToken.None));

        Assert.Equal(["scm", "ci", "cd", "security"], help.UseCases.Select(u => u.Id));
        Assert.Contains(help.Commands, c => c.Usage == "explain <use case>");
        Assert.Equal("ci", explain.UseCaseId);
        Assert.Equal("There is no use case \"devops\". Use one of: scm, ci, cd, security.", unknown.Note);
        Assert.Contains("No scores are stored yet", kpi.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_import_refreshes_the_directory()
    {
        await SeedAsync();
        var lookup = Service<LookupService>();
        var before = Assert.IsType<HelpAnswer>(await lookup.AskAsync("initech", Seller, CancellationToken.None));
        Assert.Equal("\"initech\" is neither an account nor a command. For an account, type part of its name or its id.", before.Note);

        await ImportAsync(ImportKind.Accounts, "account_id,name,segment,region,csm,owner\nA-9,Initech,smb,amer,,kim@example.com\n");

        var card = Assert.IsType<ScoreCardAnswer>(await lookup.AskAsync("initech", Seller, CancellationToken.None));
        Assert.Equal("A-9", card.AccountId);
        Assert.Equal(["A-1", "A-3"], (await Service<AccountDirectory>().FindByEmailAsync("SAM@example.com", CancellationToken.None)).Select(a => a.AccountId));
        Assert.Equal("Initech", (await Service<AccountDirectory>().NamesAsync(CancellationToken.None))["A-9"]);
    }
}
