using System.Globalization;
using System.IO.Pipelines;
using Microsoft.EntityFrameworkCore;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Demo;

/// <summary>
/// Fills an empty store with realistic synthetic data for `platformbot demo seed`. It dogfoods the real importer:
/// the accounts, subscriptions and usage files are generated as CSV and streamed through a pipe into
/// <see cref="CsvImporter"/>, the same path a data team's files take, so memory stays bounded at any size
/// (100,000 accounts x 26 weeks is about 3.3 million usage rows). Deterministic: a seeded <see cref="Random"/> and
/// the last snapshot date decide everything, so the same arguments give the same data.
/// </summary>
public sealed class DemoSeeder(
    CsvImporter importer,
    ScoringModel model,
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    TimeProvider time,
    ILogger<DemoSeeder> logger)
{
    public const int DefaultAccounts = 300;
    public const int DefaultWeeks = 26;
    private const int Seed = 42;

    // Large enough for the importer to parse whole buffers, small enough to keep memory flat.
    private static readonly PipeOptions StreamOptions = new(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false);

    /// <param name="lastSnapshot">The newest weekly snapshot date; the others are 7, 14, ... days before it.</param>
    /// <exception cref="InvalidOperationException">The store already has accounts.</exception>
    public async Task<DemoSeedResult> SeedAsync(int accounts, int weeks, DateOnly lastSnapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        var started = time.GetTimestamp();
        await initializer.EnsureReadyAsync(cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Accounts.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException(
                    "The store is not empty: demo data only goes into an empty store (point Storage:DataDirectory at a new folder).");
            }
        }

        var random = new Random(Seed);
        var population = DemoPopulation.Create(accounts, weeks, lastSnapshot, random);
        progress?.Report(string.Create(CultureInfo.InvariantCulture,
            $"demo data: {accounts} accounts, {population.SubscriptionCount} subscriptions, {population.ReportingInstances} reporting instances, " +
            $"{population.UsageRows} usage rows over {weeks} weeks ending {lastSnapshot:yyyy-MM-dd}"));

        await ImportAsync(ImportKind.Accounts, (csv, ct) => WriteAccountsAsync(csv, population, ct), lastSnapshot, null, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"accounts: {accounts}"));

        await ImportAsync(ImportKind.Subscriptions, (csv, ct) => WriteSubscriptionsAsync(csv, population, ct), lastSnapshot, null, cancellationToken);
        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"subscriptions: {population.SubscriptionCount}"));

        // The usage generator continues the same random sequence, after the population has taken its share.
        var usage = new DemoUsage(population, model.InputColumns, random);
        var imported = await ImportAsync(
            ImportKind.Usage, usage.WriteAsync, lastSnapshot, progress is null ? null : new UsageProgress(progress, population.UsageRows), cancellationToken);
        if (imported.RowsRead != population.UsageRows)
        {
            throw new InvalidOperationException($"The demo usage file had {imported.RowsRead} rows where {population.UsageRows} were planned.");
        }

        progress?.Report(string.Create(CultureInfo.InvariantCulture, $"usage rows: {imported.RowsRead}"));

        var result = new DemoSeedResult(accounts, population.SubscriptionCount, population.ReportingInstances, imported.RowsRead, time.GetElapsedTime(started));
        logger.LogInformation(
            "Seeded demo data: {Accounts} accounts, {Subscriptions} subscriptions, {Instances} instances, {UsageRows} usage rows in {Elapsed}",
            result.Accounts, result.Subscriptions, result.Instances, result.UsageRows, result.Elapsed);
        return result;
    }

    /// <summary>
    /// Streams one generated CSV file into the importer. The writer runs alongside the import; the pipe holds at
    /// most about a megabyte between them. A writer failure reaches the importer as a read error and is rethrown.
    /// </summary>
    private async Task<ImportResult> ImportAsync(
        ImportKind kind,
        Func<CsvPipeWriter, CancellationToken, ValueTask> write,
        DateOnly today,
        IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var pipe = new Pipe(StreamOptions);
        var writer = Task.Run(() => ProduceAsync(pipe.Writer, write, cancellationToken), CancellationToken.None);
        var reader = ConsumeAsync(kind, pipe.Reader, today, progress, cancellationToken);

        // Both always finish: the writer stops when the reader is done (or failed), the reader sees the writer's end.
        // A writer failure is the root cause of the reader's, and WhenAll rethrows the first task's exception first.
        await Task.WhenAll(writer, reader);

        var result = await reader;
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"The importer rejected the demo {kind.ToString().ToLowerInvariant()} data ({result.TotalErrors} error(s)): " +
                string.Join("; ", result.Errors.Take(5)));
        }

        return result;
    }

    private static async Task ProduceAsync(PipeWriter pipe, Func<CsvPipeWriter, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        try
        {
            var csv = new CsvPipeWriter(pipe);
            await write(csv, cancellationToken);
            await csv.FlushAsync(cancellationToken);
            await pipe.CompleteAsync();
        }
        catch (Exception ex)
        {
            await pipe.CompleteAsync(ex);
            throw;
        }
    }

    /// <param name="today">The importer's today: the generated data ends at the last snapshot, so that day is the demo's today.</param>
    private async Task<ImportResult> ConsumeAsync(ImportKind kind, PipeReader pipe, DateOnly today, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
    {
        // Disposing the stream completes the reader, which tells the writer to stop.
        await using var input = pipe.AsStream();
        return await importer.ImportAsync(kind, input, model.InputColumns, today, progress, cancellationToken);
    }

    private static async ValueTask WriteAccountsAsync(CsvPipeWriter csv, DemoPopulation population, CancellationToken cancellationToken)
    {
        await csv.HeaderAsync(["account_id", "name", "segment", "region", "csm", "owner"], cancellationToken);
        foreach (var account in population.Accounts)
        {
            csv.Field(account.Id);
            csv.Field(account.Name);
            csv.Field(account.Segment);
            csv.Field(account.Region);
            csv.Field(account.Csm);
            csv.Field(account.Owner);
            if (!await csv.EndRowAsync(cancellationToken))
            {
                return;
            }
        }
    }

    private static async ValueTask WriteSubscriptionsAsync(CsvPipeWriter csv, DemoPopulation population, CancellationToken cancellationToken)
    {
        await csv.HeaderAsync(["subscription_id", "account_id", "plan", "arr", "delivery", "customer_since"], cancellationToken);
        foreach (var account in population.Accounts)
        {
            foreach (var subscription in account.Subscriptions)
            {
                csv.Field(subscription.Id);
                csv.Field(account.Id);
                csv.Field(subscription.Plan);
                csv.Field(subscription.Arr);
                csv.Field(subscription.Delivery);
                csv.Field(subscription.CustomerSince);
                if (!await csv.EndRowAsync(cancellationToken))
                {
                    return;
                }
            }
        }
    }

    /// <summary>Turns the importer's row counts into about ten lines such as "usage rows: 1.2M of 3.4M".</summary>
    private sealed class UsageProgress(IProgress<string> sink, long total) : IProgress<ImportProgress>
    {
        private readonly long _step = Math.Max(100_000, total / 10);
        private long _next = Math.Max(100_000, total / 10);

        // Called inline by the importer, so lines arrive in order.
        public void Report(ImportProgress value)
        {
            if (value.Rows < _next || value.Rows >= total)
            {
                return;
            }

            sink.Report($"usage rows: {Compact(value.Rows)} of {Compact(total)}");
            _next = value.Rows + _step;
        }

        private static string Compact(long n) => n >= 1_000_000
            ? string.Create(CultureInfo.InvariantCulture, $"{n / 1_000_000.0:0.0}M")
            : string.Create(CultureInfo.InvariantCulture, $"{n / 1_000.0:0}k");
    }
}
