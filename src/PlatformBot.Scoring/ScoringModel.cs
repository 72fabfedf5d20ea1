using System.Globalization;
using System.Text.Json;

namespace PlatformBot.Scoring;

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

    /// <summary>Where Service Ping payloads carry the input columns; null when the file has no <c>servicePing</c> section.</summary>
    public ServicePingMapping? ServicePing { get; internal init; }

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
