using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Scoring;

/// <summary>
/// The scoring models shipped with the binary, and the one place that decides which model the host scores with:
/// a bundled one by name (`Scoring:Model`), a file by path (`Scoring:ModelFile`), or the default. The bundled models
/// are read from the assembly, so a name always means what this build shipped; the same files are copied next to
/// the binary (models/) to read and to start an own model from (ADR 0020).
/// </summary>
public static class BundledModels
{
    public const string DefaultName = "gitlab-current";

    /// <summary>The folder next to the binary that holds copies of the bundled model files.</summary>
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Names to select by, e.g. "gitlab-2023" (the file name without ".json").</summary>
    public static IReadOnlyList<string> Names { get; } = ScoringModel.EmbeddedModelNames.Select(n => Path.GetFileNameWithoutExtension(n)).ToArray();

    public static ScoringModel Load(string name) => ScoringModel.LoadEmbedded(name + ".json");

    /// <summary>The model the settings select; a wrong setting fails naming the key (ScoringModelException).</summary>
    public static ScoringModel Select(ScoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = options.Model?.Trim();
        var file = options.ModelFile?.Trim();
        if (!string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(file))
        {
            throw new ScoringModelException($"Scoring:Model ('{name}') and Scoring:ModelFile ('{file}') are both set; set one of them.");
        }

        if (!string.IsNullOrEmpty(file))
        {
            if (!File.Exists(file))
            {
                throw new ScoringModelException(
                    $"Scoring:ModelFile '{file}': no such file ({Path.GetFullPath(file)}); a bundled model is chosen by name with Scoring:Model ({string.Join(", ", Names)}).");
            }

            try
            {
                return ScoringModel.LoadFile(file);
            }
            catch (ScoringModelException ex)
            {
                throw new ScoringModelException($"Scoring:ModelFile '{file}': {ex.Message}", ex);
            }
        }

        if (string.IsNullOrEmpty(name))
        {
            return ScoringModel.Default;
        }

        var known = Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new ScoringModelException($"Scoring:Model '{name}' is not a bundled model; the bundled models are {string.Join(", ", Names)}.");
        return Load(known);
    }
}
