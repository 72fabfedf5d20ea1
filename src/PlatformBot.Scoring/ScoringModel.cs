using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PlatformBot.Scoring;

/// <summary>A bad scoring model file. The message names the problem (and the JSON line for syntax errors).</summary>
public sealed class ScoringModelException(string message, Exception? inner = null) : Exception(message, inner);

public enum RollupMode
{
    /// <summary>ARR-weighted mean of each metric's raw value, then thresholds, then points.</summary>
    Ratio,
    /// <summary>Use-case score per subscription, then its ARR-weighted mean, then bands.</summary>
    Points,
}

public enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>"value OP threshold", e.g. "&lt;= 0.10".</summary>
public readonly record struct Condition(ComparisonOperator Operator, double Threshold)
{
    public bool IsMet(double value) => Operator switch
    {
        ComparisonOperator.Less => value < Threshold,
        ComparisonOperator.LessOrEqual => value <= Threshold,
        ComparisonOperator.Greater => value > Threshold,
        _ => value >= Threshold,
    };

    public string OperatorText => Operator switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    public override string ToString() => $"{OperatorText} {Threshold.ToString(CultureInfo.InvariantCulture)}";

    internal static bool TryParse(string? text, out Condition condition)
    {
        condition = default;
        var t = text?.Trim() ?? string.Empty;
        (ComparisonOperator op, int length) = t.StartsWith("<=", StringComparison.Ordinal) ? (ComparisonOperator.LessOrEqual, 2)
            : t.StartsWith(">=", StringComparison.Ordinal) ? (ComparisonOperator.GreaterOrEqual, 2)
            : t.StartsWith('<') ? (ComparisonOperator.Less, 1)
            : t.StartsWith('>') ? (ComparisonOperator.Greater, 1)
            : ((ComparisonOperator)(-1), 0);
        if (length == 0 || !double.TryParse(t[length..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            return false;
        }

        condition = new Condition(op, threshold);
        return true;
    }
}

/// <summary>Red and green conditions of a "higher is better" measure; anything between is yellow.</summary>
public sealed record Thresholds(Condition Red, Condition Green)
{
    public HealthColor ColorOf(double value) => Red.IsMet(value) ? HealthColor.Red : Green.IsMet(value) ? HealthColor.Green : HealthColor.Yellow;

    /// <summary>e.g. "red <= 10%, yellow > 10% and <= 33%, green > 33%" (shares as percentages).</summary>
    public string Describe(string unit = "count")
    {
        var redText = $"{Red.OperatorText} {ScoringEngine.Format(Red.Threshold, unit)}";
        var greenText = $"{Green.OperatorText} {ScoringEngine.Format(Green.Threshold, unit)}";
        var yellow = Red.Threshold == Green.Threshold && Red.Operator == ComparisonOperator.LessOrEqual
            ? "no yellow band"
            : $"yellow {(Red.Operator == ComparisonOperator.Less ? ">=" : ">")} {ScoringEngine.Format(Red.Threshold, unit)} and {(Green.Operator == ComparisonOperator.Greater ? "<=" : "<")} {ScoringEngine.Format(Green.Threshold, unit)}";
        return $"red {redText}, {yellow}, green {greenText}";
    }

    /// <summary>The green condition in the metric's unit, e.g. "> 33%".</summary>
    public string GreenText(string unit = "count") => $"{Green.OperatorText} {ScoringEngine.Format(Green.Threshold, unit)}";
}

/// <summary>A metric: a ratio of column sums, or a count of columns that are &gt; 0.</summary>
public sealed record MetricDefinition(
    string Id,
    string Name,
    string Unit,
    IReadOnlyList<string> Numerator,
    IReadOnlyList<string> Denominator,
    IReadOnlyList<string> CountPositive,
    Thresholds Thresholds)
{
    public bool IsCount => CountPositive.Count > 0;

    /// <summary>The formula in words, for `/adoption explain`.</summary>
    public string Formula => IsCount
        ? $"number of these that are above 0: {string.Join(", ", CountPositive)}"
        : $"({string.Join(" + ", Numerator)}) / ({string.Join(" + ", Denominator)})";

    internal int[] NumeratorIndex { get; init; } = [];
    internal int[] DenominatorIndex { get; init; } = [];
    internal int[] CountIndex { get; init; } = [];
    internal string GreenText { get; init; } = string.Empty;
    internal string BandsText { get; init; } = string.Empty;
}

public sealed record UseCaseDefinition(
    string Id,
    string Name,
    string Description,
    RollupMode Rollup,
    /// <summary>Plans the use case applies to; empty = every plan.</summary>
    IReadOnlyList<string> Plans,
    IReadOnlyList<MetricDefinition> Metrics)
{
    public bool AppliesTo(string plan)
    {
        if (Plans.Count == 0)
        {
            return true;
        }

        foreach (var p in Plans)
        {
            if (string.Equals(p, plan, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

public sealed record TenureBand(int FromMonths, int? ToMonths, Thresholds? Thresholds)
{
    public bool Contains(int months) => months >= FromMonths && (ToMonths is null || months <= ToMonths);
}

public sealed record RatioMeasure(IReadOnlyList<string> Numerator, IReadOnlyList<string> Denominator)
{
    internal int[] NumeratorIndex { get; init; } = [];
    internal int[] DenominatorIndex { get; init; } = [];
}

/// <summary>
/// The versioned scoring model (docs/scoring-model-format.md). Everything except the definitions of "use case",
/// "green" and "adoption score" is data here, so thresholds can change without code.
/// </summary>
public sealed class ScoringModel
{
    private static readonly Lazy<ScoringModel> DefaultModel = new(() => LoadEmbedded("gitlab-current.json"));
    private readonly Dictionary<string, int> _inputIndex;

    internal ScoringModel(
        string id, string version, string name, int platformThreshold, (double Red, double Yellow, double Green) points,
        (double GreenAbove, double YellowAbove) bands, int stalenessDays, IReadOnlyList<string> scoredInstanceTypes,
        IReadOnlyList<string> inputColumns, IReadOnlyList<UseCaseDefinition> useCases, RatioMeasure licenseUtilization,
        IReadOnlyList<TenureBand> tenureBands, double expansionSignal, double seatReductionRisk, RatioMeasure engagement,
        Thresholds engagementThresholds, IReadOnlyDictionary<string, double> productUsageWeights)
    {
        Id = id;
        Version = version;
        Name = name;
        PlatformThreshold = platformThreshold;
        Points = points;
        Bands = bands;
        StalenessDays = stalenessDays;
        ScoredInstanceTypes = scoredInstanceTypes;
        InputColumns = inputColumns;
        UseCases = useCases;
        LicenseUtilization = licenseUtilization;
        TenureBands = tenureBands;
        ExpansionSignalAtOrAbove = expansionSignal;
        SeatReductionRiskBelow = seatReductionRisk;
        Engagement = engagement;
        EngagementThresholds = engagementThresholds;
        ProductUsageWeights = productUsageWeights;
        _inputIndex = inputColumns.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var labels = Enumerable.Range(0, platformThreshold).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        labels.Add(platformThreshold.ToString(CultureInfo.InvariantCulture) + "+");
        labels.Add(AdoptionLevel.NoDataLabel);
        LevelLabels = labels;
        _levels = labels.Select((l, i) => new AdoptionLevel(l, i)).ToArray();
    }

    private readonly AdoptionLevel[] _levels;

    public static ScoringModel Default => DefaultModel.Value;

    public string Id { get; }
    public string Version { get; }
    public string Name { get; }
    public int PlatformThreshold { get; }
    public (double Red, double Yellow, double Green) Points { get; }
    public (double GreenAbove, double YellowAbove) Bands { get; }
    public int StalenessDays { get; }
    public IReadOnlyList<string> ScoredInstanceTypes { get; }
    public IReadOnlyList<string> InputColumns { get; }
    public IReadOnlyList<UseCaseDefinition> UseCases { get; }
    public RatioMeasure LicenseUtilization { get; }
    public IReadOnlyList<TenureBand> TenureBands { get; }
    public double ExpansionSignalAtOrAbove { get; }
    public double SeatReductionRiskBelow { get; }
    public RatioMeasure Engagement { get; }
    public Thresholds EngagementThresholds { get; }
    /// <summary>Weights of the product usage score: "license_utilization", "engagement" and use-case ids.</summary>
    public IReadOnlyDictionary<string, double> ProductUsageWeights { get; }

    /// <summary>"0", "1", ..., "N+" (N = platform threshold), "no data".</summary>
    public IReadOnlyList<string> LevelLabels { get; }

    public int IndexOfInput(string column) => _inputIndex.TryGetValue(column, out var i) ? i : -1;

    public AdoptionLevel LevelFor(int? adoptionScore) =>
        adoptionScore is not { } s ? _levels[^1] : _levels[Math.Min(Math.Max(s, 0), PlatformThreshold)];

    public UseCaseDefinition? FindUseCase(string idOrName)
    {
        var key = idOrName.Trim();
        return UseCases.FirstOrDefault(u => string.Equals(u.Id, key, StringComparison.OrdinalIgnoreCase))
            ?? UseCases.FirstOrDefault(u => string.Equals(u.Name, key, StringComparison.OrdinalIgnoreCase));
    }

    public HealthColor Band(double score) =>
        score > Bands.GreenAbove ? HealthColor.Green : score > Bands.YellowAbove ? HealthColor.Yellow : HealthColor.Red;

    public double PointsFor(HealthColor color) => color switch
    {
        HealthColor.Green => Points.Green,
        HealthColor.Yellow => Points.Yellow,
        HealthColor.Red => Points.Red,
        _ => double.NaN,
    };

    public static ScoringModel LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScoringModelException($"Scoring model file '{path}' cannot be read: {ex.Message}", ex);
        }

        try
        {
            return Load(json);
        }
        catch (ScoringModelException ex)
        {
            throw new ScoringModelException($"Scoring model file '{path}': {ex.Message}", ex);
        }
    }

    public static ScoringModel LoadEmbedded(string name)
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("PlatformBot.Scoring.Models." + name)
            ?? throw new ScoringModelException($"No embedded scoring model named '{name}'.");
        using var reader = new StreamReader(stream);
        return Load(reader.ReadToEnd());
    }

    public static ScoringModel Load(string json)
    {
        ModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ModelFile>(json, ModelFile.Options);
        }
        catch (JsonException ex)
        {
            throw new ScoringModelException($"not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message}", ex);
        }

        return ModelValidator.Build(file ?? throw new ScoringModelException("the file is empty (expected a JSON object)."));
    }
}

// ---- the file format (docs/scoring-model-format.md); validated into the records above ----

internal sealed class ModelFile
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public string? Id { get; set; }
    public string? Version { get; set; }
    public string? Name { get; set; }
    public int? PlatformThreshold { get; set; }
    public PointsFile? Points { get; set; }
    public BandsFile? Bands { get; set; }
    public int? StalenessDays { get; set; }
    public List<string>? ScoredInstanceTypes { get; set; }
    public List<string>? InputColumns { get; set; }
    public List<UseCaseFile>? UseCases { get; set; }
    public LicenseFile? LicenseUtilization { get; set; }
    public EngagementFile? Engagement { get; set; }
    public Dictionary<string, double>? ProductUsageWeights { get; set; }
}

internal sealed class PointsFile
{
    public double? Red { get; set; }
    public double? Yellow { get; set; }
    public double? Green { get; set; }
}

internal sealed class BandsFile
{
    public double? GreenAbove { get; set; }
    public double? YellowAbove { get; set; }
}

internal sealed class RatioFile
{
    public List<string>? Numerator { get; set; }
    public List<string>? Denominator { get; set; }
}

internal sealed class UseCaseFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Rollup { get; set; }
    public List<string>? Plans { get; set; }
    public List<MetricFile>? Metrics { get; set; }
}

internal sealed class MetricFile
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Unit { get; set; }
    public RatioFile? Ratio { get; set; }
    public List<string>? CountPositive { get; set; }
    public string? Red { get; set; }
    public string? Green { get; set; }
}

internal sealed class LicenseFile
{
    public RatioFile? Ratio { get; set; }
    public List<TenureBandFile>? TenureBands { get; set; }
    public double? ExpansionSignalAtOrAbove { get; set; }
    public double? SeatReductionRiskBelow { get; set; }
}

internal sealed class TenureBandFile
{
    public int? FromMonths { get; set; }
    public int? ToMonths { get; set; }
    public bool? Scored { get; set; }
    public string? Red { get; set; }
    public string? Green { get; set; }
}

internal sealed class EngagementFile
{
    public RatioFile? Ratio { get; set; }
    public string? Red { get; set; }
    public string? Green { get; set; }
}
