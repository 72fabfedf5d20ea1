using System.Collections.Frozen;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PlatformBot.Host.Features.Telemetry;

/// <summary>
/// The host's one Meter ("PlatformBot") and every instrument on it; docs/operations.md lists them. Each is recorded
/// where its event is decided: a lookup's outcome in LookupService, a delivery's final status in DeliveryLedger, an
/// import's result in ImportService, a score run in ScoreRunner, a platform's error in the adapter's one send path
/// (through the Slack and Teams features' observers). Tag values come from small fixed sets, never an account name,
/// an id or ARR: a value outside its set is counted as "other". With no listener (no exporter configured) an
/// instrument is disabled and recording costs a flag check.
/// </summary>
public sealed class PlatformBotMetrics
{
    public const string MeterName = "PlatformBot";

    private static readonly FrozenSet<string> Surfaces = new[] { "slack", "teams", "cli", "preview", "api" }.ToFrozenSet(StringComparer.Ordinal);
    private static readonly FrozenSet<string> Platforms = new[] { "slack", "teams" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Seconds: a lookup answers in milliseconds, a cold one or a slow store in seconds.</summary>
    private static readonly double[] LookupBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    /// <summary>Seconds: imports and score runs take from a second to many minutes.</summary>
    private static readonly double[] RunBuckets = [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800];

    private readonly Counter<long> _lookups;
    private readonly Histogram<double> _lookupDuration;
    private readonly Counter<long> _deliveries;
    private readonly Counter<long> _importRows;
    private readonly Histogram<double> _importDuration;
    private readonly Counter<long> _scoredAccounts;
    private readonly Histogram<double> _scoreDuration;
    private readonly Counter<long> _platformErrors;
    private readonly Counter<long> _sourceFailures;

    public PlatformBotMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        _lookups = meter.CreateCounter<long>("platformbot.lookups", "{lookup}", "Account lookups answered, by surface and outcome.");
        _lookupDuration = meter.CreateHistogram("platformbot.lookup.duration", "s", "Time to answer an account lookup, audit row included.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LookupBuckets });
        _deliveries = meter.CreateCounter<long>("platformbot.digest.deliveries", "{delivery}", "Digest deliveries completed, by final status.");
        _importRows = meter.CreateCounter<long>("platformbot.import.rows", "{row}", "Rows written to the store by imports, by kind.");
        _importDuration = meter.CreateHistogram("platformbot.import.duration", "s", "Time an import took, by kind and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _scoredAccounts = meter.CreateCounter<long>("platformbot.score.accounts", "{account}", "Accounts scored and stored by score runs.");
        _scoreDuration = meter.CreateHistogram("platformbot.score.duration", "s", "Time a score run took (its count is the number of runs).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _platformErrors = meter.CreateCounter<long>("platformbot.platform.errors", "{error}", "Errors the Slack and Teams APIs answered, by platform and error code.");

        _sourceFailures = meter.CreateCounter<long>("platformbot.source.failures", "{failure}", "Pulls of a data source that imported nothing, by source and reason.");

        // More instruments go here, each with one method below named for its event and called where that event is
        // decided.
    }

    /// <param name="outcome">card, pick_list, not_found or error (LookupService decides).</param>
    public void LookupAnswered(string surface, string outcome, TimeSpan elapsed)
    {
        TagList tags = new() { { "surface", Bounded(surface, Surfaces) }, { "outcome", outcome } };
        _lookups.Add(1, tags);
        _lookupDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <param name="status">A DigestStatus (sent, partial, skipped, failed, unknown).</param>
    public void DeliveryCompleted(string status) => _deliveries.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <param name="kind">The import kind (accounts, subscriptions, usage).</param>
    /// <param name="outcome">written, dry_run, refused or failed (ImportService decides).</param>
    public void ImportFinished(string kind, string outcome, long rowsWritten, TimeSpan elapsed)
    {
        if (rowsWritten > 0)
        {
            _importRows.Add(rowsWritten, new KeyValuePair<string, object?>("kind", kind));
        }

        _importDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome));
    }

    public void ScoreRunFinished(int accounts, TimeSpan elapsed)
    {
        _scoredAccounts.Add(accounts);
        _scoreDuration.Record(elapsed.TotalSeconds);
    }

    /// <param name="code">The platform's own error code (channel_not_found, ConversationBlockedByUser, http_503).</param>
    public void PlatformError(string platform, string code) =>
        _platformErrors.Add(1, new KeyValuePair<string, object?>("platform", Bounded(platform, Platforms)), new KeyValuePair<string, object?>("code", Code(code)));

    /// <param name="source">The source's name (gitlab:NAME, sql:NAME): configured by the operator, so a small set.</param>
    /// <param name="reason">failed (the source could not be read) or refused (its payload or rows were refused).</param>
    public void SourceFailed(string source, string reason) =>
        _sourceFailures.Add(1, new KeyValuePair<string, object?>("source", Code(source)), new KeyValuePair<string, object?>("reason", reason));

    private static string Bounded(string value, FrozenSet<string> known) => known.Contains(value) ? value : "other";

    /// <summary>
    /// Error codes come from the platforms, whose documented sets are small; a code that does not look like one
    /// (too long, odd characters) is "other", so a misbehaving server cannot grow the set without bound.
    /// </summary>
    private static string Code(string code) =>
        code.Length is > 0 and <= 64 && code.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' or ':') ? code : "other";
}
