using System.Globalization;

namespace PlatformBot.Scoring;

// Spec 7: license utilization, engagement and the product usage score.
public sealed partial class ScoringEngine
{
    private MeasureResult LicenseUtilization(ReadOnlySpan<SubscriptionInput?> subscriptions, ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights, DateOnly asOf)
    {
        var value = WeightedRatio(primaries, weights, _licenseNumerator, _licenseDenominator);
        if (double.IsNaN(value))
        {
            return _licenseUnknown;
        }

        // Tenure: the account's longest customer relationship, i.e. the earliest customer_since of its subscriptions (decision).
        DateOnly? since = null;
        foreach (var subscription in subscriptions)
        {
            if (subscription!.CustomerSince is { } d && (since is null || d < since.Value))
            {
                since = d;
            }
        }

        // The expansion signal holds at any tenure; the seat-reduction risk only outside onboarding (spec 7).
        var expansion = value >= _expansionAtOrAbove;
        if (since is not { } start)
        {
            return new MeasureResult("license_utilization", value, HealthColor.Unknown, null,
                expansion ? ExpansionNote + "; not scored: customer_since unknown" : "not scored: customer_since unknown");
        }

        var months = Math.Max(MonthsBetween(start, asOf), 0);
        var band = _tenure.Length - 1;
        for (var i = 0; i < _tenure.Length; i++)
        {
            if (_tenure[i].Contains(months))
            {
                band = i;
                break;
            }
        }

        if (_tenure[band].Thresholds is null)
        {
            var onboarding = string.Create(CultureInfo.InvariantCulture, $"not scored during onboarding ({months} {(months == 1 ? "month" : "months")} as a customer)");
            return new MeasureResult("license_utilization", value, HealthColor.Unknown, null, expansion ? ExpansionNote + "; " + onboarding : onboarding);
        }

        var color = _tenureRules[band].ColorOf(value);
        var note = expansion ? ExpansionNote : value < _seatRiskBelow ? SeatRiskNote : string.Empty;
        return new MeasureResult("license_utilization", value, color, PointsOf(color), note);
    }

    private MeasureResult Engagement(ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights)
    {
        var value = WeightedRatio(primaries, weights, _engagementNumerator, _engagementDenominator);
        if (double.IsNaN(value))
        {
            return _engagementUnknown;
        }

        var color = _engagementRule.ColorOf(value);
        return new MeasureResult("engagement", value, color, PointsOf(color), string.Empty);
    }

    private static double WeightedRatio(ReadOnlySpan<UsageSnapshot?> primaries, ReadOnlySpan<double> weights, int[] numerator, int[] denominator)
    {
        double weightSum = 0, weightedSum = 0, plainSum = 0, only = double.NaN;
        var count = 0;
        for (var s = 0; s < primaries.Length; s++)
        {
            if (primaries[s] is not { } primary)
            {
                continue;
            }

            var v = Ratio(primary.Values, numerator, denominator);
            if (!double.IsNaN(v))
            {
                weightSum += weights[s];
                weightedSum += weights[s] * v;
                plainSum += v;
                only = v;
                count++;
            }
        }

        return count == 0 ? double.NaN : WeightedMean(weightSum, weightedSum, plainSum, count, only);
    }
}
