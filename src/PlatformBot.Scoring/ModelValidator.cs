using System.Globalization;

namespace PlatformBot.Scoring;

/// <summary>
/// Turns the file shape into the model, naming the first problem precisely (which use case, which metric, which
/// value), because the person reading the message is editing thresholds in a text editor, not debugging C#.
/// </summary>
internal static class ModelValidator
{
    /// <summary>The engine keeps per-metric sums on the stack; this bounds that.</summary>
    internal const int MaxMetricsPerUseCase = 64;

    private static readonly string[] KeyColumns = ["instance_id", "subscription_id", "instance_type", "snapshot_date"];

    public static ScoringModel Build(ModelFile f)
    {
        var id = Required(f.Id, "id");
        var version = Required(f.Version, "version");
        var name = f.Name?.Trim() is { Length: > 0 } n ? n : id;
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

        // A use case whose metrics all have one color must get that color, or the bands contradict the points.
        if (!(green > greenAbove))
        {
            throw Fail($"points.green {Num(green)} must be above bands.greenAbove {Num(greenAbove)}, or an all-green use case would not be green");
        }

        if (!(yellow > yellowAbove && yellow <= greenAbove))
        {
            throw Fail($"points.yellow {Num(yellow)} must be above bands.yellowAbove {Num(yellowAbove)} and at most bands.greenAbove {Num(greenAbove)}, or an all-yellow use case would not be yellow");
        }

        if (!(red <= yellowAbove))
        {
            throw Fail($"points.red {Num(red)} must be at most bands.yellowAbove {Num(yellowAbove)}, or an all-red use case would not be red");
        }

        var staleness = f.StalenessDays ?? 60;
        if (staleness < 1)
        {
            throw Fail("stalenessDays must be at least 1");
        }

        var types = (f.ScoredInstanceTypes ?? ["production"]).Select(t => t?.Trim().ToLowerInvariant() ?? string.Empty).ToList();
        if (types.Count == 0 || types.Any(t => t.Length == 0))
        {
            throw Fail("scoredInstanceTypes must list at least one instance type and no empty ones");
        }

        var useCases = new List<UseCaseDefinition>();
        foreach (var (u, i) in useCaseFiles.Select((u, i) => (u, i)))
        {
            useCases.Add(UseCase(u, i, useCases, index));
        }

        var license = f.LicenseUtilization ?? throw Fail("licenseUtilization is missing");
        var licenseRatio = Ratio(license.Ratio, "licenseUtilization.ratio", index);
        var tenure = TenureBands(license.TenureBands ?? throw Fail("licenseUtilization.tenureBands is missing"));
        var expansion = license.ExpansionSignalAtOrAbove ?? 0.90;
        var seatRisk = license.SeatReductionRiskBelow ?? 0.75;
        if (!double.IsFinite(expansion) || !double.IsFinite(seatRisk) || expansion <= 0 || seatRisk <= 0)
        {
            throw Fail("licenseUtilization.expansionSignalAtOrAbove and seatReductionRiskBelow must be finite shares above 0");
        }

        var engagement = f.Engagement ?? throw Fail("engagement is missing");
        var engagementRatio = Ratio(engagement.Ratio, "engagement.ratio", index);
        var engagementThresholds = ParseThresholds(engagement.Red, engagement.Yellow, engagement.Green, "engagement");

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

        if (!weights.Values.Any(w => w > 0))
        {
            throw Fail("productUsageWeights: at least one weight must be above 0");
        }

        return new ScoringModel(id, version, name, threshold, (red, yellow, green), (greenAbove, yellowAbove), staleness, types, inputs, useCases,
            licenseRatio, tenure, expansion, seatRisk, engagementRatio, engagementThresholds, weights)
        {
            Description = f.Description?.Trim() ?? string.Empty,
            ServicePing = f.ServicePing is null ? null : ServicePing(f.ServicePing, index),
        };
    }

    /// <summary>The servicePing section: every column an input column, every path dotted names, every gate a major.minor.</summary>
    private static ServicePingMapping ServicePing(ServicePingFile file, Dictionary<string, int> index)
    {
        var columns = new List<ServicePingColumn>();
        foreach (var (column, paths) in file.Columns ?? throw Fail("servicePing.columns is missing"))
        {
            var where = $"servicePing.columns.{column}";
            if (!index.ContainsKey(column))
            {
                throw Fail($"{where}: '{column}' is not in inputColumns");
            }

            if (paths is null || paths.Count == 0)
            {
                throw Fail($"{where}: list at least one key path");
            }

            var parsed = new List<ServicePingPath>();
            foreach (var (p, i) in paths.Select((p, i) => (p, i)))
            {
                var path = p?.Path?.Trim() ?? string.Empty;
                if (path.Length == 0 || path.Split('.').Any(s => s.Length == 0 || s.Any(char.IsWhiteSpace)))
                {
                    throw Fail($"{where}[{i}].path '{path}' is not a dotted key path such as counts_monthly.deployments");
                }

                Version? from = null;
                if (p!.FromVersion is { } text && (from = ServicePingMapping.ParseVersion(text)) is null)
                {
                    throw Fail($"{where}[{i}].fromVersion '{text}' is not a GitLab version such as 16.10");
                }

                parsed.Add(new ServicePingPath(path, from));
            }

            columns.Add(new ServicePingColumn(column, parsed));
        }

        return new ServicePingMapping(columns);
    }

    private static UseCaseDefinition UseCase(UseCaseFile u, int position, List<UseCaseDefinition> before, Dictionary<string, int> index)
    {
        var ucId = Required(u.Id, $"useCases[{position}].id");
        if (before.Any(x => string.Equals(x.Id, ucId, StringComparison.OrdinalIgnoreCase)))
        {
            throw Fail($"use case id '{ucId}' appears twice");
        }

        var ucName = u.Name?.Trim() is { Length: > 0 } n ? n : ucId;
        if (before.Any(x => string.Equals(x.Name, ucName, StringComparison.OrdinalIgnoreCase)))
        {
            throw Fail($"use case '{ucId}': name '{ucName}' is already used by another use case (names are looked up case-insensitively)");
        }

        var rollup = u.Rollup?.ToLowerInvariant() switch
        {
            "ratio" => RollupMode.Ratio,
            "points" => RollupMode.Points,
            _ => throw Fail($"use case '{ucId}': rollup '{u.Rollup}' must be 'ratio' or 'points'"),
        };
        if (u.Plans is { } plans && plans.Any(string.IsNullOrWhiteSpace))
        {
            throw Fail($"use case '{ucId}': plans lists an empty plan name");
        }

        var metricFiles = u.Metrics ?? throw Fail($"use case '{ucId}' has no metrics");
        if (metricFiles.Count == 0)
        {
            throw Fail($"use case '{ucId}' has no metrics");
        }

        if (metricFiles.Count > MaxMetricsPerUseCase)
        {
            throw Fail($"use case '{ucId}' has {metricFiles.Count} metrics; at most {MaxMetricsPerUseCase} are supported");
        }

        var metrics = new List<MetricDefinition>();
        foreach (var (m, j) in metricFiles.Select((m, j) => (m, j)))
        {
            var mId = Required(m.Id, $"use case '{ucId}' metrics[{j}].id");
            var where = $"use case '{ucId}' metric '{mId}'";
            if (metrics.Any(x => string.Equals(x.Id, mId, StringComparison.OrdinalIgnoreCase)))
            {
                throw Fail($"{where} appears twice");
            }

            var hasRatio = m.Ratio is not null;
            var hasCount = m.CountPositive is { Count: > 0 };
            if (hasRatio == hasCount)
            {
                throw Fail($"{where}: give exactly one of 'ratio' or 'countPositive'");
            }

            var numerator = hasRatio ? Columns(m.Ratio!.Numerator, where, "numerator", index) : [];
            var denominator = hasRatio ? Columns(m.Ratio!.Denominator, where, "denominator", index) : [];
            var count = hasCount ? Columns(m.CountPositive, where, "countPositive", index) : [];
            var thresholds = ParseThresholds(m.Red, m.Yellow, m.Green, where);
            var unit = m.Unit ?? (hasCount ? "count" : "ratio");
            if (unit is not ("share" or "count" or "ratio"))
            {
                throw Fail($"{where}: unit '{unit}' must be 'share' (shown as a percentage), 'count' or 'ratio'");
            }

            metrics.Add(new MetricDefinition(mId, m.Name?.Trim() is { Length: > 0 } metricName ? metricName : mId, unit, numerator, denominator, count, thresholds)
            {
                NumeratorIndex = numerator.Select(c => index[c]).ToArray(),
                DenominatorIndex = denominator.Select(c => index[c]).ToArray(),
                CountIndex = count.Select(c => index[c]).ToArray(),
                RedText = thresholds.RedText(unit),
                YellowText = thresholds.YellowText(unit),
                GreenText = thresholds.GreenText(unit),
                BandsText = thresholds.Describe(unit),
            });
        }

        return new UseCaseDefinition(ucId, ucName, u.Description ?? string.Empty, rollup,
            (u.Plans ?? []).Select(p => p.Trim().ToLowerInvariant()).ToList(), metrics);
    }

    private static List<TenureBand> TenureBands(List<TenureBandFile> files)
    {
        var tenure = new List<TenureBand>();
        foreach (var (b, i) in files.Select((b, i) => (b, i)))
        {
            var where = $"licenseUtilization.tenureBands[{i}]";
            var from = b.FromMonths ?? throw Fail($"{where}.fromMonths is missing");
            var expected = tenure.Count == 0 ? 0 : tenure[^1].ToMonths + 1 ?? throw Fail($"{where}: a band after an open-ended band (the previous band has no toMonths)");
            if (from < expected)
            {
                throw Fail($"{where} overlaps the previous band: {Months(from, expected - 1)} would be in both");
            }

            if (from > expected)
            {
                throw Fail($"{where} leaves {Months(expected, from - 1)} without a band (bands must be contiguous from month 0)");
            }

            if (b.ToMonths is { } to && to < from)
            {
                throw Fail($"{where}.toMonths is before fromMonths");
            }

            if (b.Scored == false && (b.Red is not null || b.Yellow is not null || b.Green is not null))
            {
                throw Fail($"{where} is not scored but has thresholds");
            }

            tenure.Add(new TenureBand(from, b.ToMonths, b.Scored == false ? null : ParseThresholds(b.Red, b.Yellow, b.Green, where)));
        }

        if (tenure.Count == 0 || tenure[^1].ToMonths is not null)
        {
            throw Fail("licenseUtilization.tenureBands must end with an open-ended band (no toMonths)");
        }

        return tenure;
    }

    private static RatioMeasure Ratio(RatioFile? ratio, string where, Dictionary<string, int> index)
    {
        if (ratio is null)
        {
            throw Fail($"{where} is missing");
        }

        var numerator = Columns(ratio.Numerator, where, "numerator", index);
        var denominator = Columns(ratio.Denominator, where, "denominator", index);
        return new RatioMeasure(numerator, denominator)
        {
            NumeratorIndex = numerator.Select(c => index[c]).ToArray(),
            DenominatorIndex = denominator.Select(c => index[c]).ToArray(),
        };
    }

    private static List<string> Columns(List<string>? columns, string where, string part, Dictionary<string, int> index)
    {
        if (columns is null || columns.Count == 0)
        {
            throw Fail($"{where}: {part} lists no columns");
        }

        if (columns.Any(string.IsNullOrWhiteSpace))
        {
            throw Fail($"{where}: {part} lists an empty column name");
        }

        var unknown = columns.FirstOrDefault(c => !index.ContainsKey(c));
        return unknown is null ? columns : throw Fail($"{where}: column '{unknown}' is not in inputColumns ({part})");
    }

    private static Thresholds ParseThresholds(string? red, string? yellow, string? green, string where)
    {
        if (Condition.Parse(red, out var r) is { } redProblem)
        {
            throw Fail($"{where}: red {redProblem}");
        }

        if (r.Operator is not (ComparisonOperator.Less or ComparisonOperator.LessOrEqual))
        {
            throw Fail($"{where}: red '{red}' must use < or <= (higher is better, so red is the low end)");
        }

        if (Condition.Parse(green, out var g) is { } greenProblem)
        {
            throw Fail($"{where}: green {greenProblem}");
        }

        if (g.Operator is not (ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual))
        {
            throw Fail($"{where}: green '{green}' must use > or >= (higher is better, so green is the high end)");
        }

        var overlap = r.Threshold > g.Threshold
            || (r.Threshold == g.Threshold && r.Operator == ComparisonOperator.LessOrEqual && g.Operator == ComparisonOperator.GreaterOrEqual);
        if (overlap)
        {
            throw Fail($"{where}: red '{red}' and green '{green}' overlap (a value could be both)");
        }

        var thresholds = new Thresholds(r, g);
        if (yellow is not null)
        {
            CheckYellow(yellow, thresholds, where);
        }

        return thresholds;
    }

    /// <summary>
    /// Yellow is what red and green leave, so a file may omit it; when given (to read like the methodology table) it
    /// must say exactly that, or the file has a gap or an overlap that somebody did not intend.
    /// </summary>
    private static void CheckYellow(string yellow, Thresholds t, string where)
    {
        var text = yellow.Trim();
        bool matches;
        if (string.Equals(text, "none", StringComparison.OrdinalIgnoreCase))
        {
            matches = !t.HasYellow;
        }
        else if (TryParseBand(text, out var low, out var lowIn, out var high, out var highIn))
        {
            matches = t.HasYellow && low == t.Red.Threshold && lowIn == t.YellowIncludesLow && high == t.Green.Threshold && highIn == t.YellowIncludesHigh;
        }
        else
        {
            throw Fail($"{where}: yellow '{yellow}' is not a band: write 'a to b' (both inclusive), '> a and <= b' (> or >=, then < or <=), '= a' or 'none'");
        }

        if (!matches)
        {
            throw Fail($"{where}: yellow '{yellow}' does not match what red '{t.Red}' and green '{t.Green}' leave ({t.YellowText()}); the bands must neither overlap nor leave a gap");
        }
    }

    /// <summary>"a to b" (inclusive), "= a", or "&gt;[=] a and &lt;[=] b".</summary>
    private static bool TryParseBand(string text, out double low, out bool lowIn, out double high, out bool highIn)
    {
        (low, lowIn, high, highIn) = (0, false, 0, false);
        var to = text.Split(" to ", StringSplitOptions.TrimEntries);
        if (to.Length == 2 && TryNumber(to[0], out low) && TryNumber(to[1], out high))
        {
            (lowIn, highIn) = (true, true);
            return true;
        }

        if (text.StartsWith('=') && TryNumber(text[1..], out low))
        {
            (high, lowIn, highIn) = (low, true, true);
            return true;
        }

        var and = text.Split(" and ", StringSplitOptions.TrimEntries);
        if (and.Length == 2 && Condition.Parse(and[0], out var from) is null && Condition.Parse(and[1], out var until) is null
            && from.Operator is ComparisonOperator.Greater or ComparisonOperator.GreaterOrEqual
            && until.Operator is ComparisonOperator.Less or ComparisonOperator.LessOrEqual)
        {
            (low, lowIn, high, highIn) = (from.Threshold, from.Operator == ComparisonOperator.GreaterOrEqual, until.Threshold, until.Operator == ComparisonOperator.LessOrEqual);
            return true;
        }

        return false;
    }

    private static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    private static string Months(int from, int to) => from == to ? $"month {from}" : $"months {from}-{to}";

    private static string Num(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw Fail($"{what} is missing") : value.Trim();

    private static ScoringModelException Fail(string message) => new(message);
}
