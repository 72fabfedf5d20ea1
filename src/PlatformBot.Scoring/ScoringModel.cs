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

    public string OperatorText => Text(Operator);

    public override string ToString() => $"{OperatorText} {Threshold.ToString(CultureInfo.InvariantCulture)}";

    internal static string Text(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Less => "<",
        ComparisonOperator.LessOrEqual => "<=",
        ComparisonOperator.Greater => ">",
        _ => ">=",
    };

    internal static bool TryParse(string? text, out Condition condition) => Parse(text, out condition) is null;

    /// <summary>Parses "OP number"; returns null on success, else what is wrong (for the model error message).</summary>
    internal static string? Parse(string? text, out Condition condition)
    {
        condition = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is missing";
        }

        var t = text.Trim();
        var length = 0;
        while (length < t.Length && t[length] is '<' or '>' or '=' or '!')
        {
            length++;
        }

        ComparisonOperator? op = t[..length] switch
        {
            "<" => ComparisonOperator.Less,
            "<=" => ComparisonOperator.LessOrEqual,
            ">" => ComparisonOperator.Greater,
            ">=" => ComparisonOperator.GreaterOrEqual,
            _ => null,
        };
        if (op is null)
        {
            return length == 0
                ? $"'{t}' has no operator (expected one of <, <=, >, >= and a number)"
                : $"'{t}' has an unknown operator '{t[..length]}' (expected one of <, <=, >, >=)";
        }

        var number = t[length..].Trim();
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var threshold) || !double.IsFinite(threshold))
        {
            return $"'{t}': '{number}' is not a finite number";
        }

        condition = new Condition(op.Value, threshold);
        return null;
    }
}

/// <summary>
/// Red and green conditions of a "higher is better" measure; anything between is yellow. Red takes &lt; or &lt;=,
/// green &gt; or &gt;=, so the three bands always cover every value exactly once.
/// </summary>
public sealed record Thresholds(Condition Red, Condition Green)
{
    public HealthColor ColorOf(double value) => Red.IsMet(value) ? HealthColor.Red : Green.IsMet(value) ? HealthColor.Green : HealthColor.Yellow;

    /// <summary>False when red and green meet (e.g. red "&lt;= 0.75", green "&gt; 0.75"): no value is yellow.</summary>
    public bool HasYellow => Red.Threshold < Green.Threshold
        || (Red.Operator == ComparisonOperator.Less && Green.Operator == ComparisonOperator.Greater);

    /// <summary>The lowest yellow value is the red threshold itself when red is "&lt;" (inclusive), else just above it.</summary>
    internal bool YellowIncludesLow => Red.Operator == ComparisonOperator.Less;

    internal bool YellowIncludesHigh => Green.Operator == ComparisonOperator.Greater;

    /// <summary>e.g. "red &lt;= 10%, yellow > 10% and &lt;= 33%, green > 33%" (shares as percentages).</summary>
    public string Describe(string unit = "count") => $"red {RedText(unit)}, {(HasYellow ? "yellow " + YellowText(unit) : "no yellow band")}, green {GreenText(unit)}";

    /// <summary>The red condition in the metric's unit, e.g. "&lt;= 10%".</summary>
    public string RedText(string unit = "count") => $"{Red.OperatorText} {ScoringEngine.Format(Red.Threshold, unit)}";

    /// <summary>The yellow band in the metric's unit, e.g. "> 10% and &lt;= 33%", "= 2" or "none".</summary>
    public string YellowText(string unit = "count")
    {
        if (!HasYellow)
        {
            return "none";
        }

        var low = ScoringEngine.Format(Red.Threshold, unit);
        if (Red.Threshold == Green.Threshold)
        {
            return "= " + low;
        }

        return $"{(YellowIncludesLow ? ">=" : ">")} {low} and {(YellowIncludesHigh ? "<=" : "<")} {ScoringEngine.Format(Green.Threshold, unit)}";
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

    /// <summary>Human text of each band in the metric's unit, for `/adoption explain` (e.g. "&lt;= 10%").</summary>
    public string RedText { get; internal init; } = string.Empty;

    /// <summary>e.g. "> 10% and &lt;= 33%", or "none" when red and green meet.</summary>
    public string YellowText { get; internal init; } = string.Empty;

    /// <summary>e.g. "> 33%".</summary>
    public string GreenText { get; internal init; } = string.Empty;

    /// <summary>e.g. "red &lt;= 10%, yellow > 10% and &lt;= 33%, green > 33%".</summary>
    public string BandsText { get; internal init; } = string.Empty;

    internal int[] NumeratorIndex { get; init; } = [];
    internal int[] DenominatorIndex { get; init; } = [];
    internal int[] CountIndex { get; init; } = [];
}

public sealed record UseCaseDefinition(
    string Id,
    string Name,
    string Description,
    RollupMode Rollup,
    // Plans the use case applies to; empty = every plan.
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

    /// <summary>Free text from the file (sources, what changed from the previous version).</summary>
    public string Description { get; internal init; } = string.Empty;

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

    /// <summary>The position of a level label in <see cref="LevelLabels"/>, or -1.</summary>
    public int IndexOfLevel(string? label)
    {
        for (var i = 0; i < _levels.Length; i++)
        {
            if (string.Equals(_levels[i].Label, label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The names <see cref="LoadEmbedded"/> accepts, e.g. "gitlab-current.json".</summary>
    public static IReadOnlyList<string> EmbeddedModelNames { get; } = typeof(ScoringModel).Assembly.GetManifestResourceNames()
        .Where(n => n.StartsWith(EmbeddedPrefix, StringComparison.Ordinal))
        .Select(n => n[EmbeddedPrefix.Length..])
        .Order(StringComparer.Ordinal)
        .ToArray();

    private const string EmbeddedPrefix = "PlatformBot.Scoring.Models.";

    public AdoptionLevel LevelFor(int? adoptionScore) =>
        adoptionScore is not { } s ? _levels[^1] : _levels[Math.Min(Math.Max(s, 0), PlatformThreshold)];

    /// <summary>A use case by id ("ci") or name ("CI"), case-insensitive; ids win over names.</summary>
    public UseCaseDefinition? FindUseCase(string idOrName)
    {
        ArgumentNullException.ThrowIfNull(idOrName);
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

    /// <summary>The one I/O entry of the scoring project: reads the file and hands it to <see cref="Load"/>.</summary>
    public static ScoringModel LoadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
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
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream(EmbeddedPrefix + name)
            ?? throw new ScoringModelException($"No embedded scoring model named '{name}' (there are: {string.Join(", ", EmbeddedModelNames)}).");
        using var reader = new StreamReader(stream);
        try
        {
            return Load(reader.ReadToEnd());
        }
        catch (ScoringModelException ex)
        {
            throw new ScoringModelException($"Embedded scoring model '{name}': {ex.Message}", ex);
        }
    }

    public static ScoringModel Load(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ModelFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ModelFile>(json, ModelFile.Options);
        }
        catch (JsonException ex)
        {
            throw new ScoringModelException(DescribeJsonError(ex), ex);
        }

        return ModelValidator.Build(file ?? throw new ScoringModelException("the file is empty (expected a JSON object)."));
    }

    /// <summary>
    /// System.Text.Json counts lines and bytes from 0 and appends them to its message; people count from 1, so the
    /// position is restated 1-based up front and the trailing 0-based part is cut.
    /// </summary>
    private static string DescribeJsonError(JsonException ex)
    {
        var reason = ex.Message;
        var cut = reason.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }

        reason = (cut >= 0 ? reason[..cut] : reason).Trim();

        // The deserializer speaks of .NET members and types; the reader of the message edits a JSON file.
        if (reason.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var name = ex.Path?[(ex.Path.LastIndexOf('.') + 1)..] ?? "?";
            reason = $"unknown property '{name}' (misspelt? see docs/scoring-model-format.md for the properties there are)";
        }
        else if (reason.Contains("could not be converted to", StringComparison.Ordinal))
        {
            var expected = reason.Contains("Int32", StringComparison.Ordinal) ? "a whole number"
                : reason.Contains("Double", StringComparison.Ordinal) ? "a number"
                : reason.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
                : reason.Contains("List", StringComparison.Ordinal) ? "a list [ ... ]"
                : reason.Contains("Dictionary", StringComparison.Ordinal) || reason.Contains("File", StringComparison.Ordinal) ? "an object { ... }"
                : reason.Contains("String", StringComparison.Ordinal) ? "a string"
                : "a different kind of value";
            reason = $"expected {expected} here";
        }
        var where = ex.LineNumber is { } line
            ? $"line {(line + 1).ToString(CultureInfo.InvariantCulture)}, column {((ex.BytePositionInLine ?? 0) + 1).ToString(CultureInfo.InvariantCulture)}"
            : "unknown position";
        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? string.Empty : $" at {ex.Path}";
        return $"not valid JSON ({where}){path}: {reason}";
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
    public string? Description { get; set; }
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
    public string? Yellow { get; set; }
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
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}

internal sealed class EngagementFile
{
    public RatioFile? Ratio { get; set; }
    public string? Red { get; set; }
    public string? Yellow { get; set; }
    public string? Green { get; set; }
}
