using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace PlatformBot.Data.Storage;

internal sealed class PostgresBulkUpsert(BulkTable table, NpgsqlConnection connection, NpgsqlTransaction transaction) : BulkUpsert(table)
{
    private NpgsqlBinaryImporter? _importer;
    private string Staging => "staging_" + Table.Name;

    protected override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE {Quote(Staging)} (LIKE {Quote(Table.Name)} INCLUDING DEFAULTS) ON COMMIT DROP; " +
            $"ALTER TABLE {Quote(Staging)} ADD COLUMN staging_seq bigint;", connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var columns = string.Join(", ", Table.Columns.Select(c => Quote(c.Name)).Append("staging_seq"));
        _importer = await connection.BeginBinaryImportAsync($"COPY {Quote(Staging)} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
    }

    public override async ValueTask WriteAsync(object?[] values, CancellationToken cancellationToken)
    {
        var importer = _importer!;
        await importer.StartRowAsync(cancellationToken);
        for (var i = 0; i < Table.Columns.Count; i++)
        {
            var value = values[i];
            if (value is null)
            {
                await importer.WriteNullAsync(cancellationToken);
                continue;
            }

            switch (Table.Columns[i].Type)
            {
                case BulkColumnType.Text: await importer.WriteAsync((string)value, NpgsqlDbType.Text, cancellationToken); break;
                case BulkColumnType.BigInt: await importer.WriteAsync(Convert.ToInt64(value, CultureInfo.InvariantCulture), NpgsqlDbType.Bigint, cancellationToken); break;
                case BulkColumnType.SmallNumber: await importer.WriteAsync(Convert.ToInt32(value, CultureInfo.InvariantCulture), NpgsqlDbType.Integer, cancellationToken); break;
                case BulkColumnType.Real: await importer.WriteAsync(Convert.ToDouble(value, CultureInfo.InvariantCulture), NpgsqlDbType.Double, cancellationToken); break;
                case BulkColumnType.Date: await importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, cancellationToken); break;
                case BulkColumnType.TimestampUtc: await importer.WriteAsync((DateTime)value, NpgsqlDbType.TimestampTz, cancellationToken); break;
                default: throw new InvalidOperationException($"Unsupported column type {Table.Columns[i].Type}");
            }
        }

        await importer.WriteAsync(Rows, NpgsqlDbType.Bigint, cancellationToken);
        Rows++;
    }

    public override async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_importer is not null)
        {
            await _importer.CompleteAsync(cancellationToken);
            await _importer.DisposeAsync();
            _importer = null;
        }

        var columns = string.Join(", ", Table.Columns.Select(c => Quote(c.Name)));
        var key = string.Join(", ", Table.Key.Select(Quote));
        var sql = new StringBuilder()
            .Append("INSERT INTO ").Append(Quote(Table.Name)).Append(" (").Append(columns).Append(") ")
            // One row per key: the last one in the file wins, as a re-import would.
            .Append("SELECT DISTINCT ON (").Append(key).Append(") ").Append(columns)
            .Append(" FROM ").Append(Quote(Staging)).Append(" ORDER BY ").Append(key).Append(", staging_seq DESC ")
            .Append("ON CONFLICT (").Append(key).Append(") DO UPDATE SET ")
            .AppendJoin(", ", Table.NonKey.Select(c => $"{Quote(c.Name)} = excluded.{Quote(c.Name)}"));
        if (Table.OnlyIfNewer is { } newer)
        {
            sql.Append(" WHERE excluded.").Append(Quote(newer)).Append(" >= ").Append(Quote(Table.Name)).Append('.').Append(Quote(newer));
        }

        await using var merge = new NpgsqlCommand(sql.ToString(), connection, transaction) { CommandTimeout = 0 };
        await merge.ExecuteNonQueryAsync(cancellationToken);
        await using var drop = new NpgsqlCommand($"DROP TABLE {Quote(Staging)}", connection, transaction);
        await drop.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_importer is not null)
        {
            await _importer.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
