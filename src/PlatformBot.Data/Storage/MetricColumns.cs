using System.Data.Common;
using System.Globalization;

namespace PlatformBot.Data.Storage;

/// <summary>
/// The usage metric columns and their ordinals in the stored metric vector. New names get the next
/// ordinal; an ordinal never changes, so rows written under an older model stay readable.
/// </summary>
public static class MetricColumns
{
    public static async Task<IReadOnlyDictionary<string, int>> LoadAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT name, ordinal FROM metric_columns";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            map[reader.GetString(0)] = reader.GetInt32(1);
        }

        return map;
    }

    public static async Task<IReadOnlyDictionary<string, int>> EnsureAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var map = new Dictionary<string, int>(await LoadAsync(connection, transaction, cancellationToken), StringComparer.Ordinal);
        var next = map.Count == 0 ? 0 : map.Values.Max() + 1;
        foreach (var name in names.Where(n => !map.ContainsKey(n)))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO metric_columns (ordinal, name) VALUES (@o, @n)";
            var o = insert.CreateParameter();
            o.ParameterName = "@o";
            o.Value = next;
            var n = insert.CreateParameter();
            n.ParameterName = "@n";
            n.Value = name;
            insert.Parameters.Add(o);
            insert.Parameters.Add(n);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            map[name] = next++;
        }

        return map;
    }

    /// <summary>Parses a stored vector into values aligned with <paramref name="slotToInput"/> (ordinal to model input index, -1 if unused).</summary>
    /// <returns>
    /// How many of the used cells are not whole numbers; they are left unknown (null). A reader must not throw on a bad
    /// stored cell: one damaged row would otherwise stop every account's score. Callers report a non-zero count with the
    /// row's instance and date.
    /// </returns>
    public static int Decode(ReadOnlySpan<char> vector, int[] slotToInput, double?[] values)
    {
        Array.Clear(values);
        var bad = 0;
        var slot = 0;
        while (slot < slotToInput.Length)
        {
            var comma = vector.IndexOf(',');
            var field = comma < 0 ? vector : vector[..comma];
            var target = slotToInput[slot];
            if (target >= 0 && !field.IsEmpty)
            {
                if (long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                {
                    values[target] = value;
                }
                else
                {
                    bad++;
                }
            }

            if (comma < 0)
            {
                break;
            }

            vector = vector[(comma + 1)..];
            slot++;
        }

        return bad;
    }
}
