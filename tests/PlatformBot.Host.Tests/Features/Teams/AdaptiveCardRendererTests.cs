using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Teams;
using PlatformBot.Host.Tests.Support;
using PlatformBot.Scoring;
using PlatformBot.Teams;

namespace PlatformBot.Host.Tests.Features.Teams;

public sealed class AdaptiveCardRendererTests
{
    private static readonly DateOnly Today = new(2026, 11, 20);

    private static ScoreCardAnswer Card(Money? arr) => new(
        "A-9", "Initech", "enterprise", "emea", "sam@example.com", "jo@example.com",
        AdoptionScore: 2, Level: "2", UseCaseCount: 4, PlatformThreshold: 3, Arr: arr,
        UseCases:
        [
            new UseCaseLine("scm", "Source code", HealthColor.Green, UseCaseStatus.Scored, 90, [new MetricLine("m1", "Active committers", 0.8, "80%", "> 33%", "", HealthColor.Green, true)], null, new ColorChange(Today.AddDays(-7), HealthColor.Yellow, TrendDirection.Up), null, []),
            new UseCaseLine("ci", "CI", HealthColor.Red, UseCaseStatus.Scored, 10, [new MetricLine("m2", "Builds per user", 2, "2", "> 40", "", HealthColor.Red, true)], "Builds per user 2 -> needs > 40", null, null, []),
            new UseCaseLine("sec", "Security", HealthColor.Unknown, UseCaseStatus.NotApplicable, null, [], null, null, null, ["ultimate"]),
            new UseCaseLine("cd", "CD", HealthColor.Unknown, UseCaseStatus.NoData, null, [new MetricLine("m3", "Deploys", null, "no data", "> 5", "", HealthColor.Unknown, true)], null, null, null, []),
        ],
        LicenseUtilization: new MeasureLine("License utilization", 0.9, "90%", HealthColor.Green, null),
        Engagement: new MeasureLine("Engagement", null, "no data", HealthColor.Unknown, null),
        VsLast: null, VsQuarter: null, AsOf: Today, DataAsOf: Today.AddDays(-20), StalenessWarning: "Usage data is 20 days old.", ModelVersion: "v1");

    [Fact]
    public void The_score_card_shows_the_headline_colors_and_arr_only_when_present()
    {
        var withArr = AdaptiveCardRenderer.Render(Card(new Money(300000m, "USD")));
        var withoutArr = AdaptiveCardRenderer.Render(Card(null));

        Assert.True(AdaptiveCardValidator.Validate(withArr).IsValid, string.Join("; ", AdaptiveCardValidator.Validate(withArr).Errors));
        Assert.True(AdaptiveCardValidator.Validate(withoutArr).IsValid);
        var json = string.Join("\n", TeamsMarkdownReader.ReadCard(withArr).Select(f => f.Reading.Visible));
        Assert.Contains("2 of 4 use cases green", json, StringComparison.Ordinal);
        Assert.Contains("$300,000", json, StringComparison.Ordinal);
        Assert.Contains("🟢", json, StringComparison.Ordinal);
        Assert.Contains("Builds per user 2 -> needs > 40", json, StringComparison.Ordinal);
        Assert.Contains("Usage data is 20 days old.", json, StringComparison.Ordinal);
        Assert.Contains("model v1", json, StringComparison.Ordinal);
        Assert.Equal("1.5", withArr["version"]!.GetValue<string>());
        Assert.DoesNotContain("ARR", withoutArr.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Pick_lists_and_suggestions_have_execute_buttons_with_submit_fallback()
    {
        var choices = new[] { new AccountChoice("A-1", "Acme Corp", "enterprise", "emea"), new AccountChoice("A-2", "Acme Labs", null, null) };
        var pick = AdaptiveCardRenderer.Render(new PickListAnswer("acme", choices, 5));
        var none = AdaptiveCardRenderer.Render(new NotFoundAnswer("acmee", choices));

        foreach (var card in new[] { pick, none })
        {
            Assert.True(AdaptiveCardValidator.Validate(card).IsValid, string.Join("; ", AdaptiveCardValidator.Validate(card).Errors));
            var json = card.ToJsonString();
            Assert.Contains("\"verb\":\"pick_account\"", json, StringComparison.Ordinal);
            Assert.Contains("\"accountId\":\"A-2\"", json, StringComparison.Ordinal);
            Assert.Contains("Action.Submit", json, StringComparison.Ordinal);
        }
    }

    private static readonly Answer[] OtherAnswers =
    [
        new HelpAnswer(LookupService.Commands, [new UseCaseName("scm", "Source code")], "Say an account name."),
        new ExplainAnswer("ci", "CI", "Builds", [new ExplainMetric("Builds per user", "builds / users", "<= 10", "> 10 and <= 40", "> 40", true)], "two green", "max over subscriptions", "every plan", "v1"),
        new KpiAnswer(Today, Today.AddDays(-7), 3, new Money(500000m, "USD"), [new KpiLine("3+", 0.6, 1, new Money(300000m, "USD"), 2.5, 1), new KpiLine("no data", 0.4, 2, new Money(200000m, "USD"), null, null)], 3),
        new KpiAnswer(Today, null, 3, null, [new KpiLine("0", 1, 3, null, null, null)], 3),
        new MoversAnswer(Today, Today.AddDays(-7), [new Mover("A-1", "Acme Corp", "2", "3+", 1, null)], [], 1, 0),
        new NotFoundAnswer("zzz", []),
        new ErrorAnswer("Something went wrong."),
    ];

    [Fact]
    public void Every_answer_renders_a_valid_card()
    {
        foreach (var answer in OtherAnswers)
        {
            var card = AdaptiveCardRenderer.Render(answer);

            var validation = AdaptiveCardValidator.Validate(card);
            Assert.True(validation.IsValid, answer.GetType().Name + ": " + string.Join("; ", validation.Errors));
            Assert.False(string.IsNullOrWhiteSpace(AdaptiveCardRenderer.Summary(answer)));
        }
    }
}
