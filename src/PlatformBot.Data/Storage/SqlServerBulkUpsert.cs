using System.Data;
using Microsoft.Data.SqlClient;

namespace PlatformBot.Data.Storage;

/// <summary>
/// SQL Server path: SqlBulkCopy into a session temp table, then one MERGE. Not exercised against a live
/// server here (none can run on our machines); the DDL is checked through the generated script instead.
/// </summary>
internal sealed class SqlServerBulkUpsert(BulkTable table, SqlConnection connection, SqlTransaction transaction) : BulkUpsert(table)
{
    private const int BatchSize = 50_000;
    private readonly List<object?[]> _buffer = new(BatchSize);
    private string Staging => "#staging_" + Table.Name;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var create = new SqlCommand(
            $"SELECT TOP 0 {string.Join(", ", Table.Columns.Select(c => Bracket(c.Name)))}, CAST(0 AS bigint) AS staging_seq INTO {Staging} FROM {Bracket(Table.Name)};",
            connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var row = new object?[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            row[i] = values[i] is DateOnly d ? d.ToDateTime(TimeOnly.MinValue) : values[i];
        }

        row[^1] = Rows;
        _buffer.Add(row);
        Rows++;
        if (_buffer.Count >= BatchSize)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Count == 0)
        {
            return;
        }

        using var data = new DataTable();
        foreach (var column in Table.Columns)
        {
            data.Columns.Add(column.Name, column.Type switch
            {
                BulkColumnType.Text => typeof(string),
                BulkColumnType.BigInt => typeof(long),
                BulkColumnType.SmallNumber => typeof(int),
                BulkColumnType.Real => typeof(double),
                BulkColumnType.Date or BulkColumnType.TimestampUtc => typeof(DateTime),
                _ => typeof(object),
            });
        }

        data.Columns.Add("staging_seq", typeof(long));
        foreach (var row in _buffer)
        {
            data.Rows.Add(row.Select(v => v ?? DBNull.Value).ToArray());
        }

        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction)
        {
            DestinationTableName = Staging,
            BulkCopyTimeout = 0,
        };
        foreach (DataColumn column in data.Columns)
        {
            copy.ColumnMappings.Add(column.ColumnName, column.ColumnName);
        }

        await copy.WriteToServerAsync(data, cancellationToken);
        _buffer.Clear();
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        var columns = string.Join(", ", Table.Columns.Select(c => Bracket(c.Name)));
        var key = string.Join(", ", Table.Key.Select(Bracket));
        var on = string.Join(" AND ", Table.Key.Select(k => $"t.{Bracket(k)} = s.{Bracket(k)}"));
        var set = string.Join(", ", Table.NonKey.Select(c => $"t.{Bracket(c.Name)} = s.{Bracket(c.Name)}"));
        var newer = Table.OnlyIfNewer is { } n ? $" AND s.{Bracket(n)} >= t.{Bracket(n)}" : string.Empty;
        var sql =
            $"WITH s AS (SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY staging_seq DESC) AS rn FROM {Staging}) " +
            $"MERGE {Bracket(Table.Name)} WITH (HOLDLOCK) AS t USING (SELECT {columns} FROM s WHERE rn = 1) AS s ON {on} " +
            $"WHEN MATCHED{newer} THEN UPDATE SET {set} " +
            $"WHEN NOT MATCHED THEN INSERT ({columns}) VALUES ({string.Join(", ", Table.Columns.Select(c => "s." + Bracket(c.Name)))});" +
            $" DROP TABLE {Staging};";
        await using var merge = new SqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string Bracket(string identifier) => "[" + identifier + "]";
}
