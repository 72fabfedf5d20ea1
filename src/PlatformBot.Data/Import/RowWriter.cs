using System.Data.Common;
using System.Globalization;
using System.Text;
using CsvHelper;
using PlatformBot.Data.Storage;
using static PlatformBot.Data.Import.CsvImporter;

namespace PlatformBot.Data.Import;

/// <summary>Validates one kind of row and hands it to the bulk path.</summary>
internal abstract class RowWriter : IAsyncDisposable
{
    protected RowWriter(FileSchema schema) => Schema = schema;

    protected FileSchema Schema { get; }

    public static async Task<RowWriter> CreateAsync(
        ImportKind kind, FileSchema schema, StorageProvider provider, DbConnection connection, DbTransaction transaction, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return kind switch
        {
            ImportKind.Accounts => new AccountRows(schema, await BulkUpsert.StartAsync(provider, connection, transaction, Tables.Accounts, cancellationToken), now),
            ImportKind.Subscriptions => new SubscriptionRows(
                schema,
                await StoreKeys.LoadAsync(connection, transaction, "SELECT account_id FROM accounts", cancellationToken),
                await BulkUpsert.StartAsync(provider, connection, transaction, Tables.Subscriptions, cancellationToken),
                now),
            ImportKind.Usage => await UsageRows.CreateAsync(schema, provider, connection, transaction, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public abstract ValueTask AcceptAsync(CsvParser parser, long line, ErrorList errors, bool write, CancellationToken cancellationToken);

    /// <summary>Finishes the bulk writes; returns the rows written.</summary>
    public abstract Task<long> CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Field access with validation that records errors with line and column.</summary>
    protected readonly ref struct Fields(CsvParser parser, FileSchema schema, long line, ErrorList errors)
    {
        private readonly CsvParser _parser = parser;
        private readonly FileSchema _schema = schema;
        private readonly ErrorList _errors = errors;

        public long Line { get; } = line;

        public string? Optional(string column, int maxLength)
        {
            var i = _schema.IndexOf(column);
            if (i < 0)
            {
                return null;
            }

            var value = _parser[i].Trim();
            if (value.Length == 0)
            {
                return null;
            }

            if (value.Length > maxLength)
            {
                Fail(column, $"is longer than {maxLength} characters");
                return null;
            }

            return value;
        }

        public string Required(string column, int maxLength)
        {
            var value = Optional(column, maxLength);
            if (value is null && _schema.IndexOf(column) is var i && i >= 0 && _parser[i].Trim().Length == 0)
            {
                Fail(column, "is required but empty");
            }

            return value ?? string.Empty;
        }

        public DateOnly? Date(string column, bool required)
        {
            var text = required ? Required(column, 10) : Optional(column, 64);
            if (string.IsNullOrEmpty(text))
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return date;
            }

            Fail(column, $"'{Shorten(text)}' is not a date in yyyy-MM-dd form");
            return null;
        }

        public string? OneOf(string column, IReadOnlyList<string> allowed)
        {
            var text = Optional(column, Limits.Label)?.ToLowerInvariant();
            if (text is null || allowed.Contains(text))
            {
                return text;
            }

            Fail(column, $"'{Shorten(text)}' is not one of: {string.Join(", ", allowed)}");
            return null;
        }

        public string? Email(string column)
        {
            var text = Optional(column, Limits.Email);
            if (text is null)
            {
                return null;
            }

            var at = text.IndexOf('@', StringComparison.Ordinal);
            if (at <= 0 || at == text.Length - 1 || text.Contains(' ', StringComparison.Ordinal))
            {
                Fail(column, $"'{Shorten(text)}' is not an e-mail address");
                return null;
            }

            return text.ToLowerInvariant();
        }

        /// <summary>ARR: a plain decimal >= 0 with at most two decimal places, stored as cents.</summary>
        public long Cents(string column)
        {
            var text = Required(column, 32);
            if (text.Length == 0)
            {
                return 0;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                Fail(column, $"'{Shorten(text)}' is not a plain decimal number >= 0 (use '.' and no thousands separators)");
                return 0;
            }

            if (decimal.Round(value, 2) != value)
            {
                Fail(column, $"'{Shorten(text)}' has more than two decimal places");
                return 0;
            }

            if (value > 1_000_000_000_000m)
            {
                Fail(column, $"'{Shorten(text)}' is implausibly large");
                return 0;
            }

            return (long)(value * 100m);
        }

        /// <summary>A usage metric: empty means unknown; otherwise a whole number >= 0. Returns the canonical text.</summary>
        public bool Count(int fieldIndex, string column, out ReadOnlySpan<char> canonical)
        {
            var text = _parser[fieldIndex].AsSpan().Trim();
            canonical = text;
            if (text.IsEmpty)
            {
                return true;
            }

            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return true;
            }

            Fail(column, $"'{Shorten(text.ToString())}' is not a whole number >= 0 (leave the cell empty when unknown)");
            return false;
        }

        public void Fail(string column, string message)
        {
            var i = _schema.IndexOf(column);
            _errors.Add(new ImportError(Line, i < 0 ? null : i + 1, column, $"{column} {message}"));
        }

        private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    private sealed class AccountRows(FileSchema schema, BulkUpsert sink, DateTime now) : RowWriter(schema)
    {
        private readonly object?[] _values = new object?[Tables.Accounts.Columns.Count];

        public override async ValueTask AcceptAsync(CsvParser parser, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(parser, Schema, line, errors);
            var id = f.Required("account_id", Limits.Id);
            var name = f.Required("name", Limits.Name);
            var segment = f.Optional("segment", Limits.Label)?.ToLowerInvariant();
            var region = f.Optional("region", Limits.Label)?.ToLowerInvariant();
            var csm = f.Email("csm");
            var owner = f.Email("owner");
            if (!write || errors.Total != before)
            {
                return;
            }

            _values[0] = id;
            _values[1] = name;
            _values[2] = NameKey.From(name);
            _values[3] = segment;
            _values[4] = region;
            _values[5] = csm;
            _values[6] = owner;
            _values[7] = now;
            await sink.WriteAsync(_values, cancellationToken);
        }

        public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await sink.CompleteAsync(cancellationToken);
            return sink.Rows;
        }

        public override ValueTask DisposeAsync() => sink.DisposeAsync();
    }

    private sealed class SubscriptionRows(FileSchema schema, HashSet<string> accounts, BulkUpsert sink, DateTime now) : RowWriter(schema)
    {
        private readonly object?[] _values = new object?[Tables.Subscriptions.Columns.Count];

        public override async ValueTask AcceptAsync(CsvParser parser, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(parser, Schema, line, errors);
            var id = f.Required("subscription_id", Limits.Id);
            var account = f.Required("account_id", Limits.Id);
            if (account.Length > 0 && !accounts.Contains(account))
            {
                f.Fail("account_id", $"'{account}' does not exist (import accounts first)");
            }

            var plan = f.Required("plan", Limits.Label).ToLowerInvariant();
            var cents = f.Cents("arr");
            var delivery = f.OneOf("delivery", Deliveries);
            var since = f.Date("customer_since", required: false);
            if (!write || errors.Total != before)
            {
                return;
            }

            _values[0] = id;
            _values[1] = account;
            _values[2] = plan;
            _values[3] = cents;
            _values[4] = delivery;
            _values[5] = since;
            _values[6] = now;
            await sink.WriteAsync(_values, cancellationToken);
        }

        public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await sink.CompleteAsync(cancellationToken);
            return sink.Rows;
        }

        public override ValueTask DisposeAsync() => sink.DisposeAsync();
    }

    private sealed class UsageRows : RowWriter
    {
        private readonly HashSet<string> _subscriptions;
        private readonly BulkUpsert _usage;
        private readonly StorageProvider _provider;
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly (int Field, int Ordinal, string Column)[] _metrics;
        private readonly int _slots;
        private readonly object?[] _values = new object?[Tables.UsageRows.Columns.Count];
        private readonly StringBuilder _vector = new(256);
        private readonly ReadOnlyMemory<char>[] _slotText;
        private readonly Dictionary<string, (DateOnly Date, string Subscription, string Type)> _latest = new(StringComparer.Ordinal);

        private UsageRows(
            FileSchema schema, HashSet<string> subscriptions, BulkUpsert usage, StorageProvider provider,
            DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, int> ordinals) : base(schema)
        {
            _subscriptions = subscriptions;
            _usage = usage;
            _provider = provider;
            _connection = connection;
            _transaction = transaction;
            _metrics = schema.MetricColumns.Select(c => (schema.IndexOf(c), ordinals[c], c)).ToArray();
            _slots = _metrics.Length == 0 ? 0 : _metrics.Max(m => m.Ordinal) + 1;
            _slotText = new ReadOnlyMemory<char>[_slots];
        }

        public static async Task<RowWriter> CreateAsync(FileSchema schema, StorageProvider provider, DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
        {
            var ordinals = await MetricColumns.EnsureAsync(connection, transaction, schema.MetricColumns, cancellationToken);
            var subscriptions = await StoreKeys.LoadAsync(connection, transaction, "SELECT subscription_id FROM subscriptions", cancellationToken);
            var usage = await BulkUpsert.StartAsync(provider, connection, transaction, Tables.UsageRows, cancellationToken);
            return new UsageRows(schema, subscriptions, usage, provider, connection, transaction, ordinals);
        }

        public override async ValueTask AcceptAsync(CsvParser parser, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(parser, Schema, line, errors);
            var instance = f.Required("instance_id", Limits.Id);
            var subscription = f.Required("subscription_id", Limits.Id);
            if (subscription.Length > 0 && !_subscriptions.Contains(subscription))
            {
                f.Fail("subscription_id", $"'{subscription}' does not exist (import subscriptions first)");
            }

            var type = f.OneOf("instance_type", InstanceTypes) ?? "production";
            var date = f.Date("snapshot_date", required: true);
            Array.Clear(_slotText);
            foreach (var (field, ordinal, column) in _metrics)
            {
                if (f.Count(field, column, out var text))
                {
                    _slotText[ordinal] = text.ToString().AsMemory();
                }
            }

            if (!write || errors.Total != before || date is null)
            {
                return;
            }

            _vector.Clear();
            var last = _slots - 1;
            while (last >= 0 && _slotText[last].IsEmpty)
            {
                last--;
            }

            for (var i = 0; i <= last; i++)
            {
                if (i > 0)
                {
                    _vector.Append(',');
                }

                _vector.Append(_slotText[i].Span);
            }

            if (_vector.Length > Limits.MetricVector)
            {
                f.Fail(Schema.MetricColumns[0], "the row's metrics are too long to store");
                return;
            }

            _values[0] = instance;
            _values[1] = date.Value;
            _values[2] = subscription;
            _values[3] = type;
            _values[4] = _vector.ToString();
            await _usage.WriteAsync(_values, cancellationToken);

            if (!_latest.TryGetValue(instance, out var seen) || date.Value >= seen.Date)
            {
                _latest[instance] = (date.Value, subscription, type);
            }
        }

        public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await _usage.CompleteAsync(cancellationToken);
            await using var instances = await BulkUpsert.StartAsync(_provider, _connection, _transaction, Tables.Instances, cancellationToken);
            var values = new object?[Tables.Instances.Columns.Count];
            foreach (var (id, latest) in _latest)
            {
                values[0] = id;
                values[1] = latest.Subscription;
                values[2] = latest.Type;
                values[3] = latest.Date;
                await instances.WriteAsync(values, cancellationToken);
            }

            await instances.CompleteAsync(cancellationToken);
            return _usage.Rows;
        }

        public override ValueTask DisposeAsync() => _usage.DisposeAsync();
    }
}

/// <summary>The bulk shapes of the tables the importer writes (column order matters).</summary>
internal static class Tables
{
    public static readonly BulkTable Accounts = new("accounts",
    [
        new("account_id", BulkColumnType.Text), new("name", BulkColumnType.Text), new("name_key", BulkColumnType.Text),
        new("segment", BulkColumnType.Text), new("region", BulkColumnType.Text), new("csm", BulkColumnType.Text),
        new("owner", BulkColumnType.Text), new("updated_at_utc", BulkColumnType.TimestampUtc),
    ], ["account_id"]);

    public static readonly BulkTable Subscriptions = new("subscriptions",
    [
        new("subscription_id", BulkColumnType.Text), new("account_id", BulkColumnType.Text), new("plan", BulkColumnType.Text),
        new("arr_cents", BulkColumnType.BigInt), new("delivery", BulkColumnType.Text), new("customer_since", BulkColumnType.Date),
        new("updated_at_utc", BulkColumnType.TimestampUtc),
    ], ["subscription_id"]);

    public static readonly BulkTable UsageRows = new("usage_rows",
    [
        new("instance_id", BulkColumnType.Text), new("snapshot_date", BulkColumnType.Date), new("subscription_id", BulkColumnType.Text),
        new("instance_type", BulkColumnType.Text), new("metrics", BulkColumnType.Text),
    ], ["instance_id", "snapshot_date"]);

    public static readonly BulkTable Instances = new("instances",
    [
        new("instance_id", BulkColumnType.Text), new("subscription_id", BulkColumnType.Text), new("instance_type", BulkColumnType.Text),
        new("last_snapshot_date", BulkColumnType.Date),
    ], ["instance_id"], OnlyIfNewer: "last_snapshot_date");
}

internal static class StoreKeys
{
    public static async Task<HashSet<string>> LoadAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(reader.GetString(0));
        }

        return keys;
    }
}
