using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using PlatformBot.Data.Storage;
using static PlatformBot.Data.Import.CsvImporter;

namespace PlatformBot.Data.Import;

/// <summary>Validates one kind of row and hands it to the bulk path.</summary>
internal abstract class RowWriter : IAsyncDisposable
{
    private static readonly System.Buffers.SearchValues<char> DecimalChars = System.Buffers.SearchValues.Create("0123456789.");

    protected RowWriter(FileSchema schema) => Schema = schema;

    protected FileSchema Schema { get; }

    /// <summary>Set for a replace import: collects the file's keys (accounts and subscriptions only).</summary>
    public HashSet<string>? FileKeys { get; set; }

    public static async Task<RowWriter> CreateAsync(
        ImportKind kind, FileSchema schema, StorageProvider provider, DbConnection connection, DbTransaction transaction, TimeProvider time, DateOnly today,
        CancellationToken cancellationToken)
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
            ImportKind.Usage => await UsageRows.CreateAsync(schema, provider, connection, transaction, today, cancellationToken),
            ImportKind.InstanceMap => new InstanceMapRows(
                schema,
                await StoreKeys.LoadAsync(connection, transaction, "SELECT subscription_id FROM subscriptions", cancellationToken),
                await BulkUpsert.StartAsync(provider, connection, transaction, Tables.InstanceMap, cancellationToken),
                now),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    public abstract ValueTask AcceptAsync(ImportRecords csv, long line, ErrorList errors, bool write, CancellationToken cancellationToken);

    /// <summary>Finishes the bulk writes; returns the rows written.</summary>
    public abstract Task<long> CompleteAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Field access with validation that records errors with line and column.</summary>
    protected readonly ref struct Fields(ImportRecords csv, FileSchema schema, long line, ErrorList errors)
    {
        private readonly ImportRecords _csv = csv;
        private readonly FileSchema _schema = schema;
        private readonly ErrorList _errors = errors;

        public long Line { get; } = line;

        /// <summary>The trimmed cell at a field index.</summary>
        public ReadOnlySpan<char> Span(int index) => _csv[index].Trim();

        public string? Optional(string column, int maxLength)
        {
            var i = _schema.IndexOf(column);
            if (i < 0)
            {
                return null;
            }

            var value = _csv[i].Trim();
            if (value.Length == 0)
            {
                return null;
            }

            if (value.Length > maxLength)
            {
                Fail(column, $"is longer than {maxLength} characters");
                return null;
            }

            return value.ToString();
        }

        public string Required(string column, int maxLength)
        {
            var value = Optional(column, maxLength);
            if (value is null && _schema.IndexOf(column) is var i && i >= 0 && _csv[i].Trim().IsEmpty)
            {
                Fail(column, "is required but empty");
            }

            return value ?? string.Empty;
        }

        public DateOnly? OptionalDate(string column)
        {
            var text = Optional(column, 64);
            if (text is null)
            {
                return null;
            }

            if (IsoDate.TryParse(text, out var date))
            {
                return date;
            }

            Fail(column, $"'{Shorten(text)}' is not a date in yyyy-MM-dd form");
            return null;
        }

        public string? OneOf(string column, IReadOnlyList<string> allowed)
        {
            var text = Optional(column, Limits.Label)?.ToLowerInvariant();
            if (text is null || allowed.Contains(text, StringComparer.Ordinal))
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

        /// <summary>The largest ARR accepted: well inside a 64-bit count of cents, and beyond any real subscription.</summary>
        private const long MaxArr = 1_000_000_000_000;

        private static bool IsPlainDecimal(ReadOnlySpan<char> text) =>
            text.Count('.') <= 1 && !text.ContainsAnyExcept(DecimalChars) && text.ContainsAnyInRange('0', '9');

        /// <summary>ARR: a plain decimal >= 0 with at most two decimal places, stored as cents.</summary>
        public long Cents(string column)
        {
            // Long enough for any ARR, and for a number too large for it to be called that rather than too long.
            var text = Required(column, 64);
            if (text.Length == 0)
            {
                return 0;
            }

            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                // Digits with at most one '.' that still do not parse are beyond decimal's range: say so.
                Fail(column, IsPlainDecimal(text)
                    ? $"'{Shorten(text)}' is too large (at most {MaxArr})"
                    : $"'{Shorten(text)}' is not a plain decimal number >= 0 (use '.' and no thousands separators)");
                return 0;
            }

            if (decimal.Round(value, 2) != value)
            {
                Fail(column, $"'{Shorten(text)}' has more than two decimal places");
                return 0;
            }

            if (value > MaxArr)
            {
                Fail(column, $"'{Shorten(text)}' is too large (at most {MaxArr})");
                return 0;
            }

            return (long)(value * 100m);
        }

        /// <summary>A usage metric: empty means unknown; otherwise a whole number >= 0. Returns the canonical text.</summary>
        public bool Count(int fieldIndex, string column, out ReadOnlySpan<char> canonical)
        {
            var text = _csv[fieldIndex].Trim();
            canonical = text;
            if (text.IsEmpty)
            {
                return true;
            }

            // Up to 18 digits always fit a long: the common case, checked without the general number parser.
            if (text.Length <= 18 ? !text.ContainsAnyExceptInRange('0', '9') : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return true;
            }

            Fail(column, text.ContainsAnyExceptInRange('0', '9')
                ? $"'{Shorten(text.ToString())}' is not a whole number >= 0 (leave the cell empty when unknown)"
                : $"'{Shorten(text.ToString())}' is too large (at most {long.MaxValue})");
            return false;
        }

        /// <summary>
        /// Records the line of a key's first row; a second row with the same key is refused, naming both lines. A file
        /// holds each key once: which of two rows should win is not ours to guess.
        /// </summary>
        public void Once<TKey>(Dictionary<TKey, long> firstLines, TKey key, string column, string what)
            where TKey : notnull
        {
            ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(firstLines, key, out var seen);
            if (seen)
            {
                Fail(column, $"{what} appears twice in the file: on line {first} and on line {Line} (a file may hold each key once)");
            }
            else
            {
                first = Line;
            }
        }

        public void Fail(string column, string message)
        {
            var i = _schema.IndexOf(column);
            _errors.Add(new ImportError(Line, i < 0 ? null : i + 1, column, $"{column} {message}"));
        }

        public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
    }

    private sealed class AccountRows(FileSchema schema, BulkUpsert sink, DateTime now) : RowWriter(schema)
    {
        private readonly object?[] _values = new object?[Tables.Accounts.Columns.Count];
        private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

        public override async ValueTask AcceptAsync(ImportRecords csv, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(csv, Schema, line, errors);
            var id = f.Required("account_id", Limits.Id);
            if (id.Length > 0)
            {
                f.Once(_lines, id, "account_id", $"'{id}'");
            }

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
            _values[8] = null; // listed again: no longer archived (ADR 0013)
            FileKeys?.Add(id);
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
        private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

        public override async ValueTask AcceptAsync(ImportRecords csv, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(csv, Schema, line, errors);
            var id = f.Required("subscription_id", Limits.Id);
            if (id.Length > 0)
            {
                f.Once(_lines, id, "subscription_id", $"'{id}'");
            }

            var account = f.Required("account_id", Limits.Id);
            if (account.Length > 0 && !accounts.Contains(account))
            {
                f.Fail("account_id", $"'{account}' does not exist (import accounts first)");
            }

            var plan = f.Required("plan", Limits.Label).ToLowerInvariant();
            var cents = f.Cents("arr");
            var delivery = f.OneOf("delivery", Deliveries);
            var since = f.OptionalDate("customer_since");
            var end = f.OptionalDate("end_date");
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
            _values[7] = end; // no end_date: active (a row listed again without one is active again)
            FileKeys?.Add(id);
            await sink.WriteAsync(_values, cancellationToken);
        }

        public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await sink.CompleteAsync(cancellationToken);
            return sink.Rows;
        }

        public override ValueTask DisposeAsync() => sink.DisposeAsync();
    }

    /// <summary>instance_id -> subscription_id: the operator's word for instances whose payload names no subscription.</summary>
    private sealed class InstanceMapRows(FileSchema schema, HashSet<string> subscriptions, BulkUpsert sink, DateTime now) : RowWriter(schema)
    {
        private readonly object?[] _values = new object?[Tables.InstanceMap.Columns.Count];
        private readonly Dictionary<string, long> _lines = new(StringComparer.Ordinal);

        public override async ValueTask AcceptAsync(ImportRecords csv, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(csv, Schema, line, errors);
            var instance = f.Required("instance_id", Limits.Id);
            if (instance.Length > 0)
            {
                f.Once(_lines, instance, "instance_id", $"'{instance}'");
            }

            var subscription = f.Required("subscription_id", Limits.Id);
            if (subscription.Length > 0 && !subscriptions.Contains(subscription))
            {
                f.Fail("subscription_id", $"'{subscription}' does not exist (import subscriptions first)");
            }

            if (!write || errors.Total != before)
            {
                return;
            }

            _values[0] = instance;
            _values[1] = subscription;
            _values[2] = now;
            await sink.WriteAsync(_values, cancellationToken);
        }

        public override async Task<long> CompleteAsync(CancellationToken cancellationToken)
        {
            await sink.CompleteAsync(cancellationToken);
            return sink.Rows;
        }

        public override ValueTask DisposeAsync() => sink.DisposeAsync();
    }

    /// <summary>
    /// The hot path of a large import: a million rows must not mean tens of millions of strings. Cells are read
    /// as spans; ids that were seen before (every known subscription, every instance after its first row) are
    /// looked up by span and reuse the stored string; the metric vector is built in one reused char buffer.
    /// </summary>
    private sealed class UsageRows : RowWriter
    {
        /// <summary>No usage ping predates this: an older date is a typo or a default value, not data.</summary>
        private static readonly DateOnly EarliestSnapshot = new(2000, 1, 1);

        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _subscriptions;
        private readonly BulkUpsert _usage;
        private readonly StorageProvider _provider;
        private readonly DbConnection _connection;
        private readonly DbTransaction _transaction;
        private readonly (int Field, int Ordinal, string Column)[] _metrics;
        private readonly int _slots;
        private readonly object?[] _values = new object?[Tables.UsageRows.Columns.Count];
        private readonly int[] _slotField;
        private readonly BulkText _vector = new();
        private readonly Dictionary<string, InstanceState> _latest = new(StringComparer.Ordinal);
        private readonly Dictionary<string, InstanceState>.AlternateLookup<ReadOnlySpan<char>> _latestBySpan;
        // Few distinct dates per file: box each once instead of once per row.
        private readonly Dictionary<DateOnly, object> _boxedDates = [];
        // The line of every (instance, date) key of the file, to refuse a repeated one.
        private readonly KeyLines _keyLines = new();
        private readonly DateOnly _latestAllowed;
        private readonly int _instanceField;
        private readonly int _subscriptionField;
        private readonly int _dateField;

        private UsageRows(
            FileSchema schema, HashSet<string> subscriptions, BulkUpsert usage, StorageProvider provider,
            DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, int> ordinals, DateOnly today) : base(schema)
        {
            // A ping is dated in the sender's zone, which may be a day ahead of ours; later than that is a wrong date.
            _latestAllowed = today.AddDays(1);
            _subscriptions = subscriptions.GetAlternateLookup<ReadOnlySpan<char>>();
            _usage = usage;
            _provider = provider;
            _connection = connection;
            _transaction = transaction;
            _metrics = schema.MetricColumns.Select(c => (schema.IndexOf(c), ordinals[c], c)).ToArray();
            _slots = _metrics.Length == 0 ? 0 : _metrics.Max(m => m.Ordinal) + 1;
            // A slot the file has no column for stays -1 (unknown) on every row. Left at 0 it would copy field 0 (the
            // instance id) into the vector whenever the file carries fewer metric columns than the dictionary knows.
            _slotField = new int[_slots];
            Array.Fill(_slotField, -1);
            _latestBySpan = _latest.GetAlternateLookup<ReadOnlySpan<char>>();
            _instanceField = schema.IndexOf("instance_id");
            _subscriptionField = schema.IndexOf("subscription_id");
            _dateField = schema.IndexOf("snapshot_date");
        }

        public static async Task<RowWriter> CreateAsync(
            FileSchema schema, StorageProvider provider, DbConnection connection, DbTransaction transaction, DateOnly today, CancellationToken cancellationToken)
        {
            var ordinals = await MetricColumns.EnsureAsync(connection, transaction, schema.MetricColumns, cancellationToken);
            var subscriptions = await StoreKeys.LoadAsync(connection, transaction, "SELECT subscription_id FROM subscriptions", cancellationToken);
            var usage = await BulkUpsert.StartAsync(provider, connection, transaction, Tables.UsageRows, cancellationToken);
            return new UsageRows(schema, subscriptions, usage, provider, connection, transaction, ordinals, today);
        }

        public override async ValueTask AcceptAsync(ImportRecords csv, long line, ErrorList errors, bool write, CancellationToken cancellationToken)
        {
            var before = errors.Total;
            var f = new Fields(csv, Schema, line, errors);
            var instance = Id(ref f, csv[_instanceField].Trim(), "instance_id");
            var subscriptionText = Id(ref f, csv[_subscriptionField].Trim(), "subscription_id");
            string? subscription = null;
            if (!subscriptionText.IsEmpty && !_subscriptions.TryGetValue(subscriptionText, out subscription))
            {
                f.Fail("subscription_id", $"'{subscriptionText}' does not exist (import subscriptions first)");
            }

            var type = InstanceType(ref f);
            var date = Date(ref f, csv[_dateField].Trim());
            var state = instance.IsEmpty ? null : Intern(instance);
            if (state is not null && date is not null && !_keyLines.TryAdd(((long)(state.Index + 1) << 32) | (uint)date.Value.DayNumber, line, out var first))
            {
                f.Fail("instance_id",
                    $"'{state.Id}' with snapshot_date {date.Value:yyyy-MM-dd} appears twice in the file: on line {first} and on line {line} (a file may hold each key once)");
            }

            foreach (var (field, ordinal, column) in _metrics)
            {
                _slotField[ordinal] = f.Count(field, column, out var text) && !text.IsEmpty ? field : -1;
            }

            if (!write || errors.Total != before || date is null || subscription is null || state is null)
            {
                return;
            }

            var vector = BuildVector(csv);
            if (vector.Length > Limits.MetricVector)
            {
                f.Fail(Schema.MetricColumns[0], "the row's metrics are too long to store");
                return;
            }

            if (date.Value >= state.Date)
            {
                (state.Date, state.Subscription, state.Type) = (date.Value, subscription, type);
            }

            if (!_boxedDates.TryGetValue(date.Value, out var boxedDate))
            {
                boxedDate = date.Value;
                _boxedDates[date.Value] = boxedDate;
            }

            _values[0] = state.Id;
            _values[1] = boxedDate;
            _values[2] = subscription;
            _values[3] = type;
            _values[4] = vector;
            await _usage.WriteAsync(_values, cancellationToken);
        }

        /// <summary>
        /// The instance's state, with its one id string: an instance seen before reuses it, only a new one allocates. A new
        /// instance starts older than any date, and its first valid row sets it; the states are only written to the store
        /// when the whole file is valid, so one left by a bad row is never stored.
        /// </summary>
        private InstanceState Intern(ReadOnlySpan<char> instance)
        {
            if (_latestBySpan.TryGetValue(instance, out var state))
            {
                return state;
            }

            var id = instance.ToString();
            state = new InstanceState(id, _latest.Count);
            _latest.Add(id, state);
            return state;
        }

        /// <summary>An instance of the file: its newest row so far, and a number for the file's key set.</summary>
        private sealed class InstanceState(string id, int index)
        {
            public string Id { get; } = id;

            public int Index { get; } = index;

            public DateOnly Date { get; set; } = DateOnly.MinValue;

            public string Subscription { get; set; } = string.Empty;

            public string Type { get; set; } = string.Empty;
        }

        private static ReadOnlySpan<char> Id(ref Fields f, ReadOnlySpan<char> text, string column)
        {
            if (text.IsEmpty)
            {
                f.Fail(column, "is required but empty");
            }
            else if (text.Length > Limits.Id)
            {
                f.Fail(column, $"is longer than {Limits.Id} characters");
                return [];
            }

            return text;
        }

        private string InstanceType(ref Fields f)
        {
            var i = Schema.IndexOf("instance_type");
            var text = i < 0 ? [] : f.Span(i);
            if (text.IsEmpty)
            {
                return "production";
            }

            foreach (var allowed in InstanceTypes)
            {
                if (text.Equals(allowed, StringComparison.OrdinalIgnoreCase))
                {
                    return allowed;
                }
            }

            f.Fail("instance_type", $"'{Fields.Shorten(text.ToString().ToLowerInvariant())}' is not one of: {string.Join(", ", InstanceTypes)}");
            return "production";
        }

        private DateOnly? Date(ref Fields f, ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                f.Fail("snapshot_date", "is required but empty");
                return null;
            }

            if (!IsoDate.TryParse(text, out var date))
            {
                f.Fail("snapshot_date", $"'{Fields.Shorten(text.ToString())}' is not a date in yyyy-MM-dd form");
                return null;
            }

            if (date < EarliestSnapshot)
            {
                f.Fail("snapshot_date", $"'{date:yyyy-MM-dd}' is before {EarliestSnapshot:yyyy-MM-dd}");
                return null;
            }

            if (date > _latestAllowed)
            {
                f.Fail("snapshot_date", $"'{date:yyyy-MM-dd}' is more than one day after today ({_latestAllowed.AddDays(-1):yyyy-MM-dd})");
                return null;
            }

            return date;
        }

        /// <summary>The positional metric vector (ADR 0003): slot order, empty = unknown, trailing unknowns dropped.</summary>
        private BulkText BuildVector(ImportRecords csv)
        {
            var last = _slots - 1;
            while (last >= 0 && _slotField[last] < 0)
            {
                last--;
            }

            _vector.Clear();
            for (var i = 0; i <= last; i++)
            {
                if (i > 0)
                {
                    _vector.Append(',');
                }

                if (_slotField[i] >= 0)
                {
                    _vector.Append(csv[_slotField[i]].Trim());
                }
            }

            return _vector;
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
