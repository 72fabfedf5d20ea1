using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PlatformBot.Scoring;

/// <summary>
/// The one codec for the per-use-case part of a stored score snapshot:
/// <c>{"scm":{"color":"green","score":88},"ci":{"color":"unknown","score":null},...}</c> in the model's use-case
/// order, scores rounded to four decimals. The score run writes it; lookups, exports and digests read it. Use cases
/// are model data, so they cannot be fixed columns; history stays explainable under the model version stored beside it.
/// </summary>
/// <remarks>
/// Reading never throws: a cell that is not this shape (hand-edited, truncated) reads as no use cases, so one bad
/// snapshot shows "no earlier data" instead of taking an answer or an export down.
/// </remarks>
public static class SnapshotUseCases
{
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    /// <summary>The stored form of a fresh score, written through a reusable buffer (the score run writes 100k of these).</summary>
    public static string Encode(AccountScore score, ArrayBufferWriter<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var useCase in score.UseCases)
            {
                Write(writer, useCase.UseCaseId, useCase.Color, Round(useCase.Score));
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The stored form of use cases already read back (exports write it verbatim).</summary>
    public static string Encode(IReadOnlyList<StoredUseCase> useCases)
    {
        ArgumentNullException.ThrowIfNull(useCases);
        var buffer = new ArrayBufferWriter<byte>(64 * Math.Max(useCases.Count, 1));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var useCase in useCases)
            {
                Write(writer, useCase.UseCaseId, useCase.Color, useCase.Score);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>What a stored snapshot keeps of a fresh score (the same rounding as <see cref="Encode(AccountScore, ArrayBufferWriter{byte})"/>).</summary>
    public static IReadOnlyList<StoredUseCase> From(AccountScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        var list = new StoredUseCase[score.UseCases.Count];
        for (var i = 0; i < list.Length; i++)
        {
            var useCase = score.UseCases[i];
            list[i] = new StoredUseCase(useCase.UseCaseId, useCase.Color, Round(useCase.Score));
        }

        return list;
    }

    /// <summary>The use cases of a stored cell, in stored order; a cell that is not the stored shape reads as none.</summary>
    public static IReadOnlyList<StoredUseCase> Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        var list = new List<StoredUseCase>(4);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return [];
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var id = reader.GetString()!;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return [];
                }

                var color = HealthColor.Unknown;
                double? score = null;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("color"u8))
                    {
                        reader.Read();
                        color = reader.TokenType == JsonTokenType.String ? ColorOf(ref reader) : HealthColor.Unknown;
                    }
                    else if (reader.ValueTextEquals("score"u8))
                    {
                        reader.Read();
                        score = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : null;
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                list.Add(new StoredUseCase(id, color, score));
            }

            return list;
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>Use-case id to color of a stored cell (for "since last week" comparisons).</summary>
    public static Dictionary<string, HealthColor> Colors(string? json)
    {
        var colors = new Dictionary<string, HealthColor>(StringComparer.Ordinal);
        foreach (var useCase in Decode(json))
        {
            colors[useCase.UseCaseId] = useCase.Color;
        }

        return colors;
    }

    /// <summary>
    /// The colors of a stored cell (UTF-8) into one <see cref="HealthColor"/> byte per use case, aligned with
    /// <paramref name="useCaseIds"/> (an id the cell lacks stays as it was, normally 0 = unknown). The digest loader
    /// reads every account of 14 dates through this; it allocates nothing.
    /// </summary>
    public static void ReadColors(ReadOnlySpan<byte> json, byte[][] useCaseIds, Span<byte> colors)
    {
        ArgumentNullException.ThrowIfNull(useCaseIds);
        var reader = new Utf8JsonReader(json, ReaderOptions);
        var depth = 0;
        var current = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        depth++;
                        break;
                    case JsonTokenType.EndObject:
                        depth--;
                        if (depth == 1)
                        {
                            current = -1;
                        }

                        break;
                    case JsonTokenType.PropertyName when depth == 1:
                        current = -1;
                        for (var u = 0; u < useCaseIds.Length; u++)
                        {
                            if (reader.ValueTextEquals(useCaseIds[u]))
                            {
                                current = u;
                                break;
                            }
                        }

                        break;
                    case JsonTokenType.PropertyName when depth == 2 && current >= 0 && reader.ValueTextEquals("color"u8):
                        reader.Read();
                        colors[current] = (byte)(reader.TokenType == JsonTokenType.String ? ColorOf(ref reader) : HealthColor.Unknown);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // A cell that is not the stored shape: what was read so far stands, the rest stays unknown.
        }
    }

    /// <summary>The stored word for a color.</summary>
    public static string ColorText(HealthColor color) => color switch
    {
        HealthColor.Green => "green",
        HealthColor.Yellow => "yellow",
        HealthColor.Red => "red",
        _ => "unknown",
    };

    private static void Write(Utf8JsonWriter writer, string useCaseId, HealthColor color, double? score)
    {
        writer.WriteStartObject(useCaseId);
        writer.WriteString("color", ColorText(color));
        if (score is { } s)
        {
            writer.WriteNumber("score", s);
        }
        else
        {
            writer.WriteNull("score");
        }

        writer.WriteEndObject();
    }

    private static double? Round(double? score) => score is { } s ? Math.Round(s, 4) : null;

    private static HealthColor ColorOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("green"u8) ? HealthColor.Green
        : reader.ValueTextEquals("yellow"u8) ? HealthColor.Yellow
        : reader.ValueTextEquals("red"u8) ? HealthColor.Red
        : HealthColor.Unknown;
}
