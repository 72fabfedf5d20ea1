using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Logging;
using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Import;

/// <summary>
/// Streams one CSV file into the store: all or nothing (one transaction), every error with its line and
/// column (the first 100 reported, all counted), unknown columns named, references checked, re-imported keys
/// updated. Memory does not grow with the file's row count: rows go straight to the provider's bulk path;
/// what is held is the set of referenced keys (accounts or subscriptions) and, for usage, one entry per
/// distinct instance.
/// </summary>
public sealed class CsvImporter(
    StoreConnection store,
    TimeProvider time,
    ILogger<CsvImporter> logger)
{
    public const int MaxReportedErrors = 100;
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private const int ProgressEveryRows = 20_000;

    public static readonly IReadOnlyList<string> InstanceTypes = ["production", "non-production", "obsolete", "unknown", "geo-secondary"];
    public static readonly IReadOnlyList<string> Deliveries = ["self-managed", "saas"];

    /// <param name="usageColumns">The active scoring model's input columns: the metric columns a usage file may carry.</param>
    public Task<ImportResult> ImportAsync(
        ImportKind kind,
        Stream input,
        IReadOnlyList<string> usageColumns,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken) =>
        ImportAsync(kind, input, usageColumns, ImportOptions.Default, progress, cancellationToken);

    /// <param name="options">Replace (the file is the whole truth) and dry run; see <see cref="ImportOptions"/>.</param>
    public async Task<ImportResult> ImportAsync(
        ImportKind kind,
        Stream input,
        IReadOnlyList<string> usageColumns,
        ImportOptions options,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Replace && kind == ImportKind.Usage)
        {
            throw new ArgumentException("Replace applies to accounts and subscriptions only.", nameof(options));
        }

        var started = time.GetTimestamp();
        var errors = new ErrorList();
        // A plain connection (ADR 0012): every statement here is hand-written, and EF's model is not needed.
        await using var connection = store.CreateDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Invalid UTF-8 is an error, never a silent U+FFFD in a name or an id.
        using var reader = new StreamReader(input, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        var csv = new CsvRecordReader(reader);

        FileSchema? schema = null;
        long rows = 0;
        long written = 0;
        ReplaceOutcome? replaced = null;
        try
        {
            if (!await csv.ReadAsync(cancellationToken))
            {
                errors.Add(new ImportError(1, null, null, "the file is empty: expected a header row"));
            }
            else
            {
                schema = FileSchema.Create(kind, csv.ToArray(), usageColumns, errors);
            }

            if (schema is not null && errors.Total == 0)
            {
                // Counted before the file's rows land: "more than half" is measured against what was active before.
                var activeBefore = options.Replace ? await ReplaceImport.CountActiveAsync(kind, store.Provider, connection, transaction, options.Today, cancellationToken) : 0;
                var rowWriter = await RowWriter.CreateAsync(kind, schema, store.Provider, connection, transaction, time, cancellationToken);
                rowWriter.FileKeys = options.Replace ? new HashSet<string>(StringComparer.Ordinal) : null;
                await using (rowWriter)
                {
                    while (await csv.ReadAsync(cancellationToken))
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        rows++;
                        var line = csv.Line;
                        if (csv.BadData is { } bad)
                        {
                            // Never guess what a malformed row meant: report it and keep validating the rest.
                            errors.Add(new ImportError(line, null, null, $"the row is not valid CSV (RFC 4180): {bad}"));
                            continue;
                        }

                        if (csv.Count != schema.Header.Count)
                        {
                            errors.Add(new ImportError(line, null, null, $"expected {schema.Header.Count} fields as in the header, found {csv.Count}"));
                            continue;
                        }

                        // Once the file is known to be bad nothing more is written; we keep validating to report every error.
                        await rowWriter.AcceptAsync(csv, line, errors, write: errors.Total == 0, cancellationToken);
                        if (progress is not null && rows % ProgressEveryRows == 0)
                        {
                            progress.Report(new ImportProgress(rows, input.CanSeek ? input.Position : 0));
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
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(new ImportError(csv.NextLine, null, null, "the file is not valid UTF-8 (save it as UTF-8; a byte-order mark is allowed)"));
        }
        catch (InvalidDataException ex)
        {
            errors.Add(new ImportError(csv.NextLine, null, null, "the file is not valid CSV (RFC 4180): " + ex.Message));
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

        await transaction.CommitAsync(cancellationToken);
        progress?.Report(new ImportProgress(rows, input.CanSeek ? input.Position : 0));
        logger.LogInformation("Imported {Rows} {Kind} row(s)", rows, kind);
        return new ImportResult(kind, rows, written, [], 0, time.GetElapsedTime(started)) { Replace = replaced };
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

        public static FileSchema? Create(ImportKind kind, string[] rawHeader, IReadOnlyList<string> usageColumns, ErrorList errors)
        {
            var (required, optional) = Columns(kind);
            var metrics = kind == ImportKind.Usage ? usageColumns : [];
            var known = required.Concat(optional).Concat(metrics).ToList();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var metricColumns = new List<string>();
            for (var i = 0; i < rawHeader.Length; i++)
            {
                var name = rawHeader[i].Trim();
                if (i == 0)
                {
                    name = name.TrimStart('\uFEFF');
                }

                if (!known.Contains(name, StringComparer.Ordinal))
                {
                    var hint = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                    errors.Add(new ImportError(1, i + 1, name,
                        hint is not null
                            ? $"unknown column '{name}' (column names are lower case: did you mean '{hint}'?)"
                            : $"unknown column '{name}'; the {kind.ToString().ToLowerInvariant()} format knows: {string.Join(", ", known)}"));
                    continue;
                }

                if (!index.TryAdd(name, i))
                {
                    errors.Add(new ImportError(1, i + 1, name, $"column '{name}' appears twice in the header"));
                    continue;
                }

                if (metrics.Contains(name, StringComparer.Ordinal))
                {
                    metricColumns.Add(name);
                }
            }

            foreach (var column in required.Where(c => !index.ContainsKey(c)))
            {
                errors.Add(new ImportError(1, null, column, $"required column '{column}' is missing from the header"));
            }

            return errors.Total == 0 ? new FileSchema(rawHeader, index, metricColumns) : null;
        }

        private static (string[] Required, string[] Optional) Columns(ImportKind kind) => kind switch
        {
            ImportKind.Accounts => (["account_id", "name"], ["segment", "region", "csm", "owner"]),
            ImportKind.Subscriptions => (["subscription_id", "account_id", "plan", "arr"], ["delivery", "customer_since", "end_date"]),
            ImportKind.Usage => (["instance_id", "subscription_id", "snapshot_date"], ["instance_type"]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }
}
