using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>Turns the file shape into the model, naming the first problem precisely.</summary>
internal static class ModelValidator
{
    private static readonly string[] KeyColumns = ["instance_id", "subscription_id", "instance_type", "snapshot_date"];

    public static ScoringModel Build(ModelFile f)
    {
        var id = Required(f.Id, "id");
        var version = Required(f.Version, "version");
        var name = f.Name ?? id;
        var threshold = f.PlatformThreshold ?? throw Fail("platformThreshold is missing");
        var inputs = f.InputColumns ?? throw Fail("inputColumns is missing");
        if (inputs.Count == 0)
        {
            throw Fail("inputColumns is empty");
        }

        var duplicate = inputs.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw Fail($"inputColumns lists '{duplicate.Key}' twice");
        }

        var bad = inputs.FirstOrDefault(c => c.Length == 0 || c.Any(ch => !(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '_')));
        if (bad is not null)
        {
            throw Fail($"inputColumns: '{bad}' is not a lower-case column name (a-z, 0-9, _)");
        }

        var reserved = KeyColumns.FirstOrDefault(inputs.Contains);
        if (reserved is not null)
        {
            throw Fail($"inputColumns: '{reserved}' is a usage key column, not a metric input");
        }

        var index = inputs.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var useCaseFiles = f.UseCases ?? throw Fail("useCases is missing");
        if (useCaseFiles.Count == 0)
        {
            throw Fail("useCases is empty");
        }

        if (threshold < 1 || threshold > useCaseFiles.Count)
        {
            throw Fail($"platformThreshold {threshold} must be between 1 and the number of use cases ({useCaseFiles.Count})");
        }

        var points = f.Points ?? throw Fail("points is missing");
        var (red, yellow, green) = (points.Red ?? throw Fail("points.red is missing"), points.Yellow ?? throw Fail("points.yellow is missing"), points.Green ?? throw Fail("points.green is missing"));
        if (!(red < yellow && yellow < green))
        {
            throw Fail("points must rise from red to yellow to green");
        }

        var bands = f.Bands ?? throw Fail("bands is missing");
        var (greenAbove, yellowAbove) = (bands.GreenAbove ?? throw Fail("bands.greenAbove is missing"), bands.YellowAbove ?? throw Fail("bands.yellowAbove is missing"));
        if (!(yellowAbove < greenAbove))
        {
            throw Fail("bands.yellowAbove must be below bands.greenAbove");
        }

        var staleness = f.StalenessDays ?? 60;
        if (staleness < 1)
        {
            throw Fail("stalenessDays must be at least 1");
        }

        var useCases = new List<UseCaseDefinition>();
        foreach (var (u, i) in useCaseFiles.Select((u, i) => (u, i)))
        {
            var ucId = Required(u.Id, $"useCases[{i}].id");
            if (useCases.Any(x => string.Equals(x.Id, ucId, StringComparison.OrdinalIgnoreCase)))
            {
                throw Fail($"use case id '{ucId}' appears twice");
            }

            var rollup = u.Rollup?.ToLowerInvariant() switch
            {
                "ratio" => RollupMode.Ratio,
                "points" => RollupMode.Points,
                _ => throw Fail($"use case '{ucId}': rollup '{u.Rollup}' must be 'ratio' or 'points'"),
            };
            var metricFiles = u.Metrics ?? throw Fail($"use case '{ucId}' has no metrics");
            if (metricFiles.Count == 0)
            {
                throw Fail($"use case '{ucId}' has no metrics");
            }

            var metrics = new List<MetricDefinition>();
            foreach (var (m, j) in metricFiles.Select((m, j) => (m, j)))
            {
                var mId = Required(m.Id, $"use case '{ucId}' metrics[{j}].id");
                var where = $"use case '{ucId}' metric '{mId}'";
                if (metrics.Any(x => x.Id == mId))
                {
                    throw Fail($"{where} appears twice");
                }

                var hasRatio = m.Ratio is not null;
                var hasCount = m.CountPositive is { Count: > 0 };
                if (hasRatio == hasCount)
                {
                    throw Fail($"{where}: give exactly one of 'ratio' or 'countPositive'");
                }

                var numerator = hasRatio ? Columns(m.Ratio!.Numerator, $"{where} numerator", index) : [];
                var denominator = hasRatio ? Columns(m.Ratio!.Denominator, $"{where} denominator", index) : [];
                var count = hasCount ? Columns(m.CountPositive, $"{where} countPositive", index) : [];
                var thresholds = ParseThresholds(m.Red, m.Green, where);
                var unit = m.Unit ?? (hasCount ? "count" : "ratio");
                metrics.Add(new MetricDefinition(mId, m.Name ?? mId, unit, numerator, denominator, count, thresholds)
                {
                    NumeratorIndex = numerator.Select(c => index[c]).ToArray(),
                    DenominatorIndex = denominator.Select(c => index[c]).ToArray(),
                    CountIndex = count.Select(c => index[c]).ToArray(),
                    GreenText = thresholds.GreenText(unit),
                    BandsText = thresholds.Describe(unit),
                });
            }

            useCases.Add(new UseCaseDefinition(ucId, u.Name ?? ucId, u.Description ?? string.Empty, rollup,
                (u.Plans ?? []).Select(p => p.Trim().ToLowerInvariant()).ToList(), metrics));
        }

        var license = f.LicenseUtilization ?? throw Fail("licenseUtilization is missing");
        var licenseRatio = Ratio(license.Ratio, "licenseUtilization.ratio", index);
        var tenure = new List<TenureBand>();
        foreach (var (b, i) in (license.TenureBands ?? throw Fail("licenseUtilization.tenureBands is missing")).Select((b, i) => (b, i)))
        {
            var where = $"licenseUtilization.tenureBands[{i}]";
            var from = b.FromMonths ?? throw Fail($"{where}.fromMonths is missing");
            var expected = tenure.Count == 0 ? 0 : tenure[^1].ToMonths + 1 ?? throw Fail($"{where}: a band after an open-ended band");
            if (from != expected)
            {
                throw Fail($"{where}.fromMonths is {from} but the bands must be contiguous from 0 (expected {expected})");
            }

            if (b.ToMonths is { } to && to < from)
            {
                throw Fail($"{where}.toMonths is before fromMonths");
            }

            tenure.Add(new TenureBand(from, b.ToMonths, b.Scored == false ? null : ParseThresholds(b.Red, b.Green, where)));
        }

        if (tenure.Count == 0 || tenure[^1].ToMonths is not null)
        {
            throw Fail("licenseUtilization.tenureBands must end with an open-ended band (no toMonths)");
        }

        var engagement = f.Engagement ?? throw Fail("engagement is missing");
        var engagementRatio = Ratio(engagement.Ratio, "engagement.ratio", index);
        var engagementThresholds = ParseThresholds(engagement.Red, engagement.Green, "engagement");

        var weights = f.ProductUsageWeights ?? throw Fail("productUsageWeights is missing");
        foreach (var (key, weight) in weights)
        {
            if (key is not ("license_utilization" or "engagement") && !useCases.Any(u => u.Id == key))
            {
                throw Fail($"productUsageWeights: '{key}' is neither license_utilization, engagement nor a use case id");
            }

            if (weight < 0 || !double.IsFinite(weight))
            {
                throw Fail($"productUsageWeights: '{key}' must be a weight >= 0");
            }
        }

        var types = (f.ScoredInstanceTypes ?? ["production"]).Select(t => t.Trim().ToLowerInvariant()).ToList();
        return new ScoringModel(id, version, name, threshold, (red, yellow, green), (greenAbove, yellowAbove), staleness, types, inputs, useCases,
            licenseRatio, tenure, license.ExpansionSignalAtOrAbove ?? 0.90, license.SeatReductionRiskBelow ?? 0.75,
            engagementRatio, engagementThresholds, weights);
    }

    private static RatioMeasure Ratio(RatioFile? ratio, string where, Dictionary<string, int> index)
    {
        if (ratio is null)
        {
            throw Fail($"{where} is missing");
        }

        var numerator = Columns(ratio.Numerator, where + ".numerator", index);
        var denominator = Columns(ratio.Denominator, where + ".denominator", index);
        return new RatioMeasure(numerator, denominator)
        {
            NumeratorIndex = numerator.Select(c => index[c]).ToArray(),
            DenominatorIndex = denominator.Select(c => index[c]).ToArray(),
        };
    }

    private static List<string> Columns(List<string>? columns, string where, Dictionary<string, int> index)
    {
        if (columns is null || columns.Count == 0)
        {
            throw Fail($"{where} lists no columns");
        }

        var unknown = columns.FirstOrDefault(c => !index.ContainsKey(c));
        return unknown is null ? columns : throw Fail($"{where}: column '{unknown}' is not in inputColumns");
    }

    private static Thresholds ParseThresholds(string? red, string? green, string where)
    {
        if (!Condition.TryParse(red, out var r) || r.Operator is not (ComparisonOperator.Less or ComparisonOperator.LessOrEqual))
        {
            throw Fail($"{where}: red '{red}' must be '< number' or '<= number' (higher is better)");
        }

        if (!Condition.TryParse(green, out var g) || g.Operator is not (ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual))
        {
            throw Fail($"{where}: green '{green}' must be '> number' or '>= number' (higher is better)");
        }

        var overlap = r.Threshold > g.Threshold
            || (r.Threshold == g.Threshold && r.Operator == ComparisonOperator.LessOrEqual && g.Operator == ComparisonOperator.GreaterOrEqual);
        if (overlap)
        {
            throw Fail($"{where}: red '{red}' and green '{green}' overlap");
        }

        return new Thresholds(r, g);
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw Fail($"{what} is missing") : value.Trim();

    private static ScoringModelException Fail(string message) => new(message);
}
