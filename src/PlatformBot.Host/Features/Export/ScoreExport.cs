using System.Globalization;
using System.Text;
using System.Text.Json;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Export;

/// <summary>
/// `export scores` and `export kpi`. The JSON shapes are a contract other tools read (see README):
/// scores = one array of {account_id, name, as_of, arr, adoption_score, level, use_cases{id:{color,score}}},
/// kpi = {as_of, total_arr, levels:[{level, arr, share, accounts}]} with all five levels in order.
/// </summary>
public sealed class ScoreExport(SnapshotReader snapshots, ScoreRunner runner, ScoringModel model, Lookup.AccountDirectory directory)
{
    /// <summary>Stored snapshots of the date; when none were stored, scores computed now (and says so through <paramref name="note"/>).</summary>
    public async Task<IReadOnlyList<StoredScore>> ScoresAsync(DateOnly asOf, Action<string> note, CancellationToken cancellationToken)
    {
        var stored = await snapshots.ReadDateAsync(asOf, cancellationToken);
        if (stored.Count > 0)
        {
            return stored;
        }

        note($"No stored snapshot for {asOf:yyyy-MM-dd}; computed from usage now (run `platformbot score --as-of {asOf:yyyy-MM-dd}` to store one).");
        var names = await directory.NamesAsync(cancellationToken);
        return (await runner.ScoreAsync(asOf, null, cancellationToken))
            .Select(s => new StoredScore(s.AccountId, names.GetValueOrDefault(s.AccountId, s.AccountId), asOf, s.Arr, s.AdoptionScore, s.Level.Label,
                SnapshotUseCases.From(s), s.ModelVersion, s.DataAsOf))
            .ToList();
    }

    public async Task<ArrKpi> KpiAsync(DateOnly asOf, Action<string> note, CancellationToken cancellationToken)
    {
        if (await snapshots.KpiAsync(asOf, cancellationToken) is { } stored)
        {
            return stored;
        }

        note($"No stored snapshot for {asOf:yyyy-MM-dd}; computed from usage now (run `platformbot score --as-of {asOf:yyyy-MM-dd}` to store one).");
        return KpiTally.Of(asOf, model, await runner.ScoreAsync(asOf, null, cancellationToken));
    }

    public void WriteScores(Stream output, IReadOnlyList<StoredScore> scores, ExportFormat format)
    {
        if (format == ExportFormat.Json)
        {
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartArray();
            foreach (var s in scores)
            {
                json.WriteStartObject();
                json.WriteString("account_id", s.AccountId);
                json.WriteString("name", s.Name);
                json.WriteString("as_of", s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                json.WriteNumber("arr", s.Arr);
                if (s.AdoptionScore is { } score)
                {
                    json.WriteNumber("adoption_score", score);
                }
                else
                {
                    json.WriteNull("adoption_score");
                }

                json.WriteString("level", s.Level);
                json.WritePropertyName("use_cases");
                // The stored form, verbatim: the export contract is the snapshot's own shape.
                json.WriteRawValue(SnapshotUseCases.Encode(s.UseCases), skipInputValidation: true);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.Flush();
            output.WriteByte((byte)'\n');
            return;
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        var useCases = model.UseCases.Select(u => u.Id).ToList();
        writer.Write("account_id,name,as_of,arr,adoption_score,level");
        foreach (var id in useCases)
        {
            writer.Write($",{id}_color,{id}_score");
        }

        writer.WriteLine();
        foreach (var s in scores)
        {
            writer.Write(string.Join(',', Csv(s.AccountId), Csv(s.Name), s.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                s.Arr.ToString(CultureInfo.InvariantCulture), s.AdoptionScore?.ToString(CultureInfo.InvariantCulture) ?? string.Empty, Csv(s.Level)));
            foreach (var id in useCases)
            {
                var stored = s.UseCases.FirstOrDefault(u => string.Equals(u.UseCaseId, id, StringComparison.Ordinal));
                writer.Write(stored.UseCaseId is null
                    ? ",unknown,"
                    : $",{SnapshotUseCases.ColorText(stored.Color)},{stored.Score?.ToString(CultureInfo.InvariantCulture) ?? string.Empty}");
            }

            writer.WriteLine();
        }
    }

    public static void WriteKpi(Stream output, ArrKpi kpi, ExportFormat format)
    {
        if (format == ExportFormat.Json)
        {
            using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            json.WriteStartObject();
            json.WriteString("as_of", kpi.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            json.WriteNumber("total_arr", kpi.TotalArr);
            json.WriteStartArray("levels");
            foreach (var level in kpi.Levels)
            {
                json.WriteStartObject();
                json.WriteString("level", level.Level);
                json.WriteNumber("arr", level.Arr);
                json.WriteNumber("share", level.Share);
                json.WriteNumber("accounts", level.Accounts);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
            json.Flush();
            output.WriteByte((byte)'\n');
            return;
        }

        using var writer = new StreamWriter(output, new UTF8Encoding(false), leaveOpen: true);
        writer.WriteLine("as_of,level,arr,share,accounts");
        foreach (var level in kpi.Levels)
        {
            writer.WriteLine(string.Join(',', kpi.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Csv(level.Level),
                level.Arr.ToString(CultureInfo.InvariantCulture), level.Share.ToString("R", CultureInfo.InvariantCulture), level.Accounts.ToString(CultureInfo.InvariantCulture)));
        }
    }

    private static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
