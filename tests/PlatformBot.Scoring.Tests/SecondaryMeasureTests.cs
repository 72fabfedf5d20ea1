using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>Spec section 7: license utilization by tenure, engagement, and the product usage score.</summary>
public sealed class SecondaryMeasureTests
{
    private static AccountScore WithTenure(DateOnly? customerSince, double billable, double licensed, params (string, double?)[] more) =>
        Engine.Score(Account(new SubscriptionInput("S-1", "premium", 100, customerSince,
            [Row("i-1", Values([("billable_users", billable), ("licensed_users", licensed), .. more]))])), AsOf);

    // As of 2026-11-20. 60% utilization is green at 3-6 months, yellow at 7-9 and red from 10 months on.
    [Theory]
    [InlineData("2026-11-20", 0, HealthColor.Unknown)]
    [InlineData("2026-08-21", 2, HealthColor.Unknown)]
    [InlineData("2026-08-20", 3, HealthColor.Green)]
    [InlineData("2026-05-20", 6, HealthColor.Green)]
    [InlineData("2026-04-21", 6, HealthColor.Green)]
    [InlineData("2026-04-20", 7, HealthColor.Yellow)]
    [InlineData("2026-01-21", 9, HealthColor.Yellow)]
    [InlineData("2026-01-20", 10, HealthColor.Red)]
    [InlineData("2019-03-01", 92, HealthColor.Red)]
    [InlineData("2027-01-01", -2, HealthColor.Unknown)] // customer_since after the as-of date: onboarding
    public void License_utilization_color_follows_the_tenure_band_on_its_month_boundaries(string since, int months, HealthColor expected)
    {
        var customerSince = DateOnly.Parse(since, System.Globalization.CultureInfo.InvariantCulture);

        var license = WithTenure(customerSince, 60, 100).LicenseUtilization;

        Assert.Equal(months, ScoringEngine.MonthsBetween(customerSince, AsOf));
        Assert.Equal(0.6, license.Value);
        Assert.Equal(expected, license.Color);
        Assert.Equal(expected == HealthColor.Unknown ? null : Model.PointsFor(expected), license.Points);
    }

    [Theory]
    [InlineData("2026-01-31", "2026-02-28", 1)] // a month clamps to the end of a shorter month
    [InlineData("2026-01-31", "2026-02-27", 0)]
    [InlineData("2024-01-31", "2024-02-29", 1)]
    [InlineData("2024-01-31", "2024-02-28", 0)]
    [InlineData("2026-01-15", "2026-02-14", 0)]
    [InlineData("2026-01-15", "2026-02-15", 1)]
    [InlineData("2025-11-20", "2026-11-20", 12)]
    [InlineData("2026-03-15", "2026-03-14", -1)]
    public void Whole_months_count_a_month_once_its_day_is_reached(string from, string to, int months) =>
        Assert.Equal(months, ScoringEngine.MonthsBetween(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void During_onboarding_license_utilization_is_not_scored_and_carries_no_seat_reduction_risk()
    {
        var license = WithTenure(AsOf.AddMonths(-1), 30, 100).LicenseUtilization;

        Assert.Equal(HealthColor.Unknown, license.Color);
        Assert.Equal("not scored during onboarding (1 month as a customer)", license.Note);
    }

    [Fact]
    public void The_expansion_signal_holds_during_onboarding_too()
    {
        var license = WithTenure(AsOf.AddMonths(-2), 95, 100).LicenseUtilization;

        Assert.Equal(HealthColor.Unknown, license.Color);
        Assert.Equal("expansion signal; not scored during onboarding (2 months as a customer)", license.Note);
    }

    [Theory]
    [InlineData(90, "expansion signal")]   // >= 90% exactly
    [InlineData(89, "")]
    [InlineData(75, "")]                   // 75% is not below 75%
    [InlineData(74, "seat-reduction risk")]
    public void License_notes_use_the_exact_signal_boundaries(double billable, string note) =>
        Assert.Equal(note, WithTenure(AsOf.AddYears(-3), billable, 100).LicenseUtilization.Note);

    [Fact]
    public void Without_customer_since_license_utilization_is_shown_but_not_scored()
    {
        var license = WithTenure(null, 95, 100).LicenseUtilization;

        Assert.Equal(0.95, license.Value);
        Assert.Equal(HealthColor.Unknown, license.Color);
        Assert.Null(license.Points);
        Assert.Equal("expansion signal; not scored: customer_since unknown", license.Note);
    }

    [Fact]
    public void Tenure_comes_from_the_earliest_customer_since_of_the_account()
    {
        var score = Engine.Score(Account(
            new SubscriptionInput("S-1", "premium", 100, AsOf.AddMonths(-1), [Row("i-1", Values(("billable_users", 60), ("licensed_users", 100)))]),
            new SubscriptionInput("S-2", "premium", 100, AsOf.AddYears(-2), [])), AsOf);

        Assert.Equal(HealthColor.Red, score.LicenseUtilization.Color); // 10+ months: 60% is red
    }

    [Fact]
    public void License_utilization_is_arr_weighted_over_primary_instances()
    {
        // (100 x 0.5 + 300 x 0.9) / 400 = 0.8 -> green at 10+ months, no note.
        var score = Score(
            Sub("S-1", 100, "premium", Row("i-1", Values(("billable_users", 50), ("licensed_users", 100)))),
            Sub("S-2", 300, "premium", Row("i-2", Values(("billable_users", 90), ("licensed_users", 100)))));

        Assert.Equal(0.8, score.LicenseUtilization.Value!.Value, 12);
        Assert.Equal(HealthColor.Green, score.LicenseUtilization.Color);
        Assert.Equal(string.Empty, score.LicenseUtilization.Note);
    }

    [Fact]
    public void Unknown_licensed_users_make_license_utilization_unknown()
    {
        var license = Single("premium", ("licensed_users", null)).LicenseUtilization;

        Assert.Null(license.Value);
        Assert.Equal(HealthColor.Unknown, license.Color);
    }

    [Theory]
    [InlineData(0, HealthColor.Red)]
    [InlineData(49.9999, HealthColor.Red)]
    [InlineData(50, HealthColor.Yellow)]
    [InlineData(79.9999, HealthColor.Yellow)]
    [InlineData(80, HealthColor.Green)]
    [InlineData(100, HealthColor.Green)]
    public void Engagement_is_red_below_50_percent_yellow_below_80_and_green_from_80(double active, HealthColor expected)
    {
        var engagement = Single("premium", ("active_users_28d", active)).Engagement;

        Assert.Equal(active / 100, engagement.Value);
        Assert.Equal(expected, engagement.Color);
        Assert.Equal(Model.PointsFor(expected), engagement.Points);
    }

    [Fact]
    public void Engagement_with_zero_billable_users_is_unknown()
    {
        var engagement = Single("premium", ("billable_users", 0), ("active_users_28d", 5)).Engagement;

        Assert.Equal(HealthColor.Unknown, engagement.Color);
        Assert.Null(engagement.Points);
    }

    [Fact]
    public void Product_usage_is_the_weighted_mean_of_known_measures_with_unknown_weights_handed_on()
    {
        // Premium (Security not applicable), CD unknown. Known: license 0.8 green (w30), engagement 0.9 green (w10),
        // SCM 0.05 red (w15), CI 10 per user yellow (w15): (30 x 88 + 10 x 88 + 15 x 25 + 15 x 63) / 70 = 69.14 -> yellow.
        var score = Single("premium", ("licensed_users", 125), ("active_users_28d", 90), ("git_operation_users_28d", 5), ("ci_builds_28d", 1000));

        Assert.Equal(((30 * 88) + (10 * 88) + (15 * 25) + (15 * 63)) / 70.0, score.ProductUsage.Value!.Value, 10);
        Assert.Equal(HealthColor.Yellow, score.ProductUsage.Color);
    }

    [Fact]
    public void Product_usage_uses_the_use_case_score_not_just_its_color()
    {
        // CD at 75.5 (green + yellow, one unknown) is the only known measure: product usage = 75.5, green.
        var score = Single("premium", ("billable_users", 100), ("licensed_users", null), ("active_users_28d", null),
            ("deployment_users_28d", 20), ("deployments_28d", 500), ("successful_deployments_28d", null));

        Assert.Equal(75.5, score.ProductUsage.Value);
        Assert.Equal(HealthColor.Green, score.ProductUsage.Color);
    }

    [Fact]
    public void Product_usage_with_no_known_measure_is_unknown()
    {
        var score = Score(Sub("S-1", 1, "premium"));

        Assert.Null(score.ProductUsage.Value);
        Assert.Equal(HealthColor.Unknown, score.ProductUsage.Color);
    }
}
