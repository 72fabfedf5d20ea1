using System.Data.Common;
using Microsoft.Extensions.Logging;
using PlatformBot.Data.Storage;
using PlatformBot.Data.Store;

namespace PlatformBot.Data.Import;

/// <summary>
/// Streams one CSV file into the store: all or nothing (one transaction), every error with its line and
/// column (the first 100 reported, all counted), unknown columns named, references checked, re-imported keys
/// updated. Memory does not grow with the file's row count: rows go straight to the provider's bulk path;
/// what is held is the set of referenced keys (accounts or subscriptions) and, for usage, one entry per
/// distinct instance. A query's result (a SQL source, <see cref="QuerySource"/>) is imported the same way, as
/// another <see cref="ImportRecords"/> source: the rules live in one place whatever the rows come from.
/// </summary>
public sealed class CsvImporter(
    StoreConnection store,
    TimeProvider time,
    ILogger<CsvImporter> logger)
{
    public const int MaxReportedErrors = 100;
    private const int ProgressEveryRows = 20_000;

    public static readonly IReadOnlyList<string> InstanceTypes = ["production", "non-production", "obsolete", "unknown", "geo-secondary"];
    public static readonly IReadOnlyList<string> Deliveries = ["self-managed", "saas"];

    /// <param name="usageColumns">The active scoring model's input columns: the metric columns a usage file may carry.</param>
    /// <param name="today">Today in the business time zone: a usage snapshot may be dated at most one day later.</param>
    public Task<ImportResult> ImportAsync(
        ImportKind kind,
        Stream input,
        IReadOnlyList<string> usageColumns,
        DateOnly today,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken) =>
        ImportAsync(kind, input, usageColumns, ImportOptions.Default with { Today = today }, progress, cancellationToken);

    /// <param name="options">Replace (the file is the whole truth), dry run, and <see cref="ImportOptions.Today"/>: the import
    /// date, which also bounds a usage snapshot's date (at most one day later).</param>
    public async Task<ImportResult> ImportAsync(
        ImportKind kind,
        Stream input,
        IReadOnlyList<string> usageColumns,
        ImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        using var records = new CsvRecords(input);
        return await ImportAsync(kind, records, usageColumns, options, progress, cancellationToken);
    }

    /// <summary>
    /// Runs a query (a warehouse or CRM source) and imports its result exactly as a CSV file of the same columns: the
    /// column names are the header, the rows stream, and errors name the result row (from 1) and the column.
    /// </summary>
    /// <exception cref="DbException">The database could not be reached or the query failed (nothing is written).</exception>
    public async Task<ImportResult> ImportAsync(
        ImportKind kind,
        QuerySource source,
        IReadOnlyList<string> usageColumns,
        ImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var (connection, command, reader) = await source.ExecuteAsync(cancellationToken);
        await using (connection)
        await using (command)
        await using (reader)
        {
            return await ImportAsync(kind, new DataReaderRecords(reader), usageColumns, options, progress, cancellationToken);
        }
    }

    private async Task<ImportResult> ImportAsync(
        ImportKind kind,
        ImportRecords records,
        IReadOnlyList<string> usageColumns,
        ImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Replace && !ImportKinds.Replaceable(kind))
        {
            throw new ArgumentException("Replace applies to accounts and subscriptions only.", nameof(options));
        }

        if (options.Today == default)
        {
            // Without it every usage row would be "in the future" and a replace would end subscriptions in year 1.
            throw new ArgumentException("ImportOptions.Today must be set (today in the business time zone).", nameof(options));
        }

        var started = time.GetTimestamp();
        var errors = new ErrorList();
        // A plain connection (ADR 0012): every statement here is hand-written, and EF's model is not needed.
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        FileSchema? schema = null;
        long rows = 0;
        long written = 0;
        ReplaceOutcome? replaced = null;
        try
        {
            if (await records.ReadHeaderAsync(errors, cancellationToken)
                && records.Readable(null, errors) && !HasControlCharacters(records, null, records.HeaderLine, errors))
            {
                schema = FileSchema.Create(kind, records.ToArray(), usageColumns, records.HeaderLine, errors);
            }

            if (schema is not null && errors.Total == 0)
            {
                // Counted before the file's rows land: "more than half" is measured against what was active before.
                var activeBefore = options.Replace ? await ReplaceImport.CountActiveAsync(kind, store.Provider, connection, transaction, options.Today, cancellationToken) : 0;
                var rowWriter = await RowWriter.CreateAsync(kind, schema, store.Provider, connection, transaction, time, options.Today, cancellationToken);
                rowWriter.FileKeys = options.Replace ? new HashSet<string>(StringComparer.Ordinal) : null;
                await using (rowWriter)
                {
                    while (await records.ReadAsync(cancellationToken))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        rows++;
                        var line = records.Line;
                        // A row the source cannot read, or with a control character, is reported for that alone.
                        if (!records.Readable(schema, errors) || HasControlCharacters(records, schema, line, errors))
                        {
                            continue;
                        }

                        // Once the file is known to be bad nothing more is written; we keep validating to report every error.
                        await rowWriter.AcceptAsync(records, line, errors, write: errors.Total == 0, cancellationToken);
                        if (progress is not null && rows % ProgressEveryRows == 0)
                        {
                            progress.Report(new ImportProgress(rows, records.Position));
                        }
                    }

                    if (errors.Total == 0)
                    {
                        written = await rowWriter.CompleteAsync(cancellationToken);
                        if (rowWriter.FileKeys is { } fileKeys)
                        {
                            replaced = await ReplaceImport.ApplyAsync(kind, store.Provider, connection, transaction, fileKeys, activeBefore,
                                options.Today, time.GetUtcNow().UtcDateTime, cancellationToken);
                        }
                    }
                }
            }
        }
        catch (InvalidDataException ex)
        {
            errors.Add(new ImportError(records.NextLine, null, null, "the file is not valid CSV (RFC 4180): " + ex.Message));
        }

        if (errors.Total > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            logger.LogWarning("Import of {Kind} rejected: {Errors} error(s) in {Rows} row(s); nothing written", kind, errors.Total, rows);
            return new ImportResult(kind, rows, 0, errors.Items, errors.Total, time.GetElapsedTime(started));
        }

        if (options.DryRun || (replaced is { Large: true } && !options.AllowLargeReplace))
        {
            // Everything was checked and the replace worked out inside the transaction; rolling back writes none of it.
            await transaction.RollbackAsync(cancellationToken);
            var refused = !options.DryRun;
            logger.LogWarning("Import of {Kind} {Outcome}: {Rows} row(s) valid; nothing written", kind, refused ? "refused (replace too large)" : "dry run", rows);
            return new ImportResult(kind, rows, 0, [], 0, time.GetElapsedTime(started)) { DryRun = options.DryRun, Replace = replaced, RefusedAsLarge = refused };
        }

        // In the same transaction: running hosts learn of the import exactly when it becomes visible (ADR 0021).
        await StoreChangeMarker.BumpAsync(connection, transaction, accounts: kind == ImportKind.Accounts, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new ImportProgress(rows, records.Position));
        logger.LogInformation("Imported {Rows} {Kind} row(s)", rows, kind);
        return new ImportResult(kind, rows, written, [], 0, time.GetElapsedTime(started)) { Replace = replaced };
    }

    /// <summary>Reports every cell of the record that holds a control character other than tab; true if there was one.</summary>
    private static bool HasControlCharacters(ImportRecords csv, FileSchema? schema, long line, ErrorList errors)
    {
        // Nearly every row is printable ASCII, which one vectorized scan of the row shows; only the others are read cell by cell.
        if (csv.IsPrintableAscii)
        {
            return false;
        }

        var found = false;
        for (var i = 0; i < csv.Count; i++)
        {
            if (CellText.Problem(csv[i]) is { } problem)
            {
                errors.Add(Cell(schema, line, i, problem));
                found = true;
            }
        }

        return found;
    }

    internal static ImportError Cell(FileSchema? schema, long line, int field, string problem)
    {
        var name = schema is not null && field < schema.Header.Count ? schema.ColumnName(field) : null;
        return new ImportError(line, field + 1, name, name is null ? $"the {(schema is null ? "header" : "cell")} {problem}" : $"{name} {problem}");
    }

    internal sealed class ErrorList
    {
        private readonly List<ImportError> _items = [];
        public long Total { get; private set; }
        public IReadOnlyList<ImportError> Items => _items;

        public void Add(ImportError error)
        {
            Total++;
            if (_items.Count < MaxReportedErrors)
            {
                _items.Add(error);
            }
        }
    }

    /// <summary>The header checked against the format: which field index holds which column.</summary>
    internal sealed class FileSchema
    {
        private readonly Dictionary<string, int> _index;

        private FileSchema(IReadOnlyList<string> header, Dictionary<string, int> index, IReadOnlyList<string> metricColumns)
        {
            Header = header;
            _index = index;
            MetricColumns = metricColumns;
        }

        public IReadOnlyList<string> Header { get; }

        /// <summary>Usage only: the metric columns present in the file, in header order.</summary>
        public IReadOnlyList<string> MetricColumns { get; }

        public int IndexOf(string column) => _index.TryGetValue(column, out var i) ? i : -1;

        /// <summary>The column name at a field index, as the header names it (trimmed, without a byte-order mark).</summary>
        public string ColumnName(int field) => Clean(Header[field], field);

        private static string Clean(string raw, int field) => field == 0 ? raw.Trim().TrimStart('\uFEFF') : raw.Trim();

        public static FileSchema? Create(ImportKind kind, string[] rawHeader, IReadOnlyList<string> usageColumns, long headerLine, ErrorList errors)
        {
            var (required, optional) = Columns(kind);
            var metrics = kind == ImportKind.Usage ? usageColumns : [];
            var known = required.Concat(optional).Concat(metrics).ToList();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var metricColumns = new List<string>();
            if (OtherDelimiter(rawHeader, known) is { } delimiter)
            {
                errors.Add(new ImportError(headerLine, null, null,
                    $"the header looks {delimiter}-separated; save the file with commas between the columns (comma-separated values)"));
                return null;
            }

            for (var i = 0; i < rawHeader.Length; i++)
            {
                var name = Clean(rawHeader[i], i);

                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    var hint = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                    errors.Add(new ImportError(headerLine, i + 1, name,
                        hint is not null
                            ? $"unknown column '{name}' (column names are lower case: did you mean '{hint}'?)"
                            : $"unknown column '{name}'; the {ImportKinds.Name(kind)} format knows: {string.Join(", ", known)}"));
                    continue;
                }

                if (!index.TryAdd(name, i))
                {
                    errors.Add(new ImportError(headerLine, i + 1, name, $"column '{name}' appears twice in the header"));
                    continue;
                }

                if (metrics.Contains(name, StringComparer.Ordinal))
                {
                    metricColumns.Add(name);
                }
            }

            foreach (var column in required.Where(c => !index.ContainsKey(c)))
            {
                errors.Add(new ImportError(headerLine, null, column, $"required column '{column}' is missing from the header"));
            }

            return errors.Total == 0 ? new FileSchema(rawHeader, index, metricColumns) : null;
        }

        /// <summary>
        /// "semicolon" or "tab" when the header splits into known column names on that character: a spreadsheet saved the
        /// file with the wrong separator, and "unknown column 'account_id;name'" would not say so.
        /// </summary>
        private static string? OtherDelimiter(string[] rawHeader, List<string> known)
        {
            foreach (var (separator, name) in new[] { (';', "semicolon"), ('\t', "tab") })
            {
                var names = rawHeader.SelectMany((cell, i) => Clean(cell, i).Split(separator)).Select(n => n.Trim().TrimStart('\uFEFF')).ToList();
                if (rawHeader.Any(cell => cell.Contains(separator, StringComparison.Ordinal))
                    && names.Count(n => known.Contains(n, StringComparer.Ordinal)) >= 2)
                {
                    return name;
                }
            }

            return null;
        }

        private static (string[] Required, string[] Optional) Columns(ImportKind kind) => kind switch
        {
            ImportKind.Accounts => (["account_id", "name"], ["segment", "region", "csm", "owner"]),
            ImportKind.Subscriptions => (["subscription_id", "account_id", "plan", "arr"], ["delivery", "customer_since", "end_date"]),
            ImportKind.Usage => (["instance_id", "subscription_id", "snapshot_date"], ["instance_type"]),
            ImportKind.InstanceMap => (["instance_id", "subscription_id"], []),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
