using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Demo;

public sealed record DemoSeedResult(int Accounts, int Subscriptions, int Instances, long UsageRows, TimeSpan Elapsed);

/// <summary>
/// Fills an empty store with realistic synthetic data through the real importer (the same path as a data
/// team's CSV files). Deterministic: the same account and week counts give the same data; dates derive only
/// from the last snapshot date. Files are streamed through temp files so 100,000 accounts x 26 weeks stay in
/// bounded memory.
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

    private static readonly string[] Stems =
    [
        "Acme", "Globex", "Initech", "Umbrella", "Northwind", "Contoso", "Fabrikam", "Tailspin", "Wingtip", "Litware",
        "Adventure", "Proseware", "Woodgrove", "Lucerne", "Margie", "Alpine", "Blue Yonder", "Coho", "Fourth Coffee", "Humongous",
        "Trey", "Wide World", "Southridge", "Datum", "Graphic", "Nod", "Relecloud", "Bellows", "Cyberdyne", "Soylent",
        "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Oscorp", "Aperture", "Massive", "Pied Piper", "Dunder",
    ];

    private static readonly string[] Suffixes = ["Corp", "Labs", "Systems", "Health", "Traders", "Bank", "Logistics", "Software", "Energy", "Europe", "Group", "Retail"];
    private static readonly string[] People = ["jo", "sam", "kim", "alex", "priya", "chen", "maria", "lars", "ana", "tom"];
    private static readonly string[] Regions = ["amer", "emea", "apac"];

    public async Task<DemoSeedResult> SeedAsync(int accounts, int weeks, DateOnly lastSnapshot, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(weeks, 1);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await db.Accounts.AnyAsync(cancellationToken))
            {
                throw new InvalidOperationException("The store is not empty: demo data only goes into an empty store (use a new Storage:DataDirectory).");
            }
        }

        var started = time.GetTimestamp();
        var plan = Plan(accounts);
        var directory = Directory.CreateTempSubdirectory("platformbot-demo-");
        try
        {
            var accountsFile = Path.Combine(directory.FullName, "accounts.csv");
            var subscriptionsFile = Path.Combine(directory.FullName, "subscriptions.csv");
            var usageFile = Path.Combine(directory.FullName, "usage.csv");
            WriteAccounts(accountsFile, plan);
            WriteSubscriptions(subscriptionsFile, plan, lastSnapshot);
            var usageRows = WriteUsage(usageFile, plan, weeks, lastSnapshot);

            await ImportAsync(ImportKind.Accounts, accountsFile, cancellationToken);
            progress?.Report($"accounts: {accounts}");
            await ImportAsync(ImportKind.Subscriptions, subscriptionsFile, cancellationToken);
            progress?.Report($"subscriptions: {plan.Sum(a => a.Subscriptions.Count)}");
            await ImportAsync(ImportKind.Usage, usageFile, cancellationToken);
            progress?.Report($"usage rows: {usageRows}");

            var result = new DemoSeedResult(accounts, plan.Sum(a => a.Subscriptions.Count), plan.Sum(a => a.Subscriptions.Sum(s => s.Instances.Count)), usageRows, time.GetElapsedTime(started));
            logger.LogInformation("Seeded demo data: {Result}", result);
            return result;
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private async Task ImportAsync(ImportKind kind, string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var result = await importer.ImportAsync(kind, stream, model.InputColumns, null, cancellationToken);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo {kind} data was rejected: {string.Join("; ", result.Errors.Take(3))}");
        }
    }

    // ---- the synthetic population ----

    private sealed record DemoInstance(string Id, string Type, bool StopsReporting, double Size);

    private sealed record DemoSubscription(string Id, string Plan, decimal Arr, string Delivery, int TenureMonths, List<DemoInstance> Instances);

    private sealed record DemoAccount(string Id, string Name, string Segment, string Region, string? Csm, string Owner, bool NoUsage, double[] Maturity, double[] Drift, List<DemoSubscription> Subscriptions);

    private List<DemoAccount> Plan(int count)
    {
        var random = new Random(42);
        var list = new List<DemoAccount>(count);
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var subscriptionNo = 0;
        var instanceNo = 0;
        for (var i = 1; i <= count; i++)
        {
            var name = i switch
            {
                // Names that collide on purpose: lookups must offer a pick list, never guess.
                1 => "Acme Corp",
                2 => "Acme Labs",
                3 => "Globex",
                4 => "Globex Europe",
                5 => "Initech",
                _ => NextName(random, names, i),
            };
            names.Add(name);
            var segment = random.NextDouble() switch { < 0.2 => "enterprise", < 0.55 => "mid-market", _ => "smb" };
            var subscriptionCount = random.NextDouble() switch { < 0.8 => 1, < 0.95 => 2, _ => 3 };
            var subscriptions = new List<DemoSubscription>();
            for (var s = 0; s < subscriptionCount; s++)
            {
                var plan = random.NextDouble() < (segment == "enterprise" ? 0.7 : 0.35) ? "ultimate" : "premium";
                var arr = segment switch
                {
                    "enterprise" => 250_000 + (random.Next(0, 175_000) * 10),
                    "mid-market" => 50_000 + (random.Next(0, 20_000) * 10),
                    _ => 5_000 + (random.Next(0, 4_500) * 10),
                };
                var arrValue = random.NextDouble() < 0.01 ? 0m : arr + (random.Next(0, 100) / 100m);
                var delivery = random.NextDouble() < 0.6 ? "self-managed" : "saas";
                var tenure = random.NextDouble() switch { < 0.05 => random.Next(0, 3), < 0.15 => random.Next(3, 10), _ => random.Next(10, 60) };
                var instances = new List<DemoInstance>();
                var instanceCount = delivery == "self-managed" ? random.NextDouble() switch { < 0.75 => 1, < 0.93 => 2, _ => 3 } : 1;
                for (var n = 0; n < instanceCount; n++)
                {
                    instanceNo++;
                    var type = n == 0 ? "production" : random.NextDouble() switch { < 0.6 => "non-production", < 0.8 => "geo-secondary", _ => "production" };
                    instances.Add(new DemoInstance($"i-{instanceNo:000000}", type, StopsReporting: random.NextDouble() < 0.02, Size: n == 0 ? 1.0 : 0.2 + (random.NextDouble() * 0.6)));
                }

                subscriptionNo++;
                subscriptions.Add(new DemoSubscription($"S-{subscriptionNo:000000}", plan, arrValue, delivery, tenure, instances));
            }

            var maturity = new double[model.UseCases.Count];
            var drift = new double[model.UseCases.Count];
            for (var u = 0; u < maturity.Length; u++)
            {
                maturity[u] = random.NextDouble();
                drift[u] = (random.NextDouble() - 0.45) * 0.04;
            }

            var owner = People[random.Next(People.Length)] + "@example.com";
            var csm = random.NextDouble() < 0.85 ? People[random.Next(People.Length)] + "@example.com" : null;
            list.Add(new DemoAccount($"A-{i:000000}", name, segment, Regions[random.Next(Regions.Length)], csm, owner,
                NoUsage: i > 5 && random.NextDouble() < 0.03, maturity, drift, subscriptions));
        }

        return list;
    }

    private static string NextName(Random random, HashSet<string> taken, int i)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var stem = Stems[random.Next(Stems.Length)];
            var name = random.NextDouble() < 0.3 ? stem : $"{stem} {Suffixes[random.Next(Suffixes.Length)]}";
            // "acme" must stay a pick list between Acme Corp and Acme Labs in the demo.
            if (!taken.Contains(name) && !name.StartsWith("Acme", StringComparison.Ordinal))
            {
                return name;
            }
        }

        return $"{Stems[random.Next(Stems.Length)]} {Suffixes[random.Next(Suffixes.Length)]} {i}";
    }

    private static void WriteAccounts(string path, List<DemoAccount> plan)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("account_id,name,segment,region,csm,owner");
        foreach (var a in plan)
        {
            writer.WriteLine($"{a.Id},{a.Name},{a.Segment},{a.Region},{a.Csm},{a.Owner}");
        }
    }

    private static void WriteSubscriptions(string path, List<DemoAccount> plan, DateOnly lastSnapshot)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.WriteLine("subscription_id,account_id,plan,arr,delivery,customer_since");
        foreach (var a in plan)
        {
            foreach (var s in a.Subscriptions)
            {
                var since = lastSnapshot.AddMonths(-s.TenureMonths).AddDays(-3);
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Id},{a.Id},{s.Plan},{s.Arr:0.##},{s.Delivery},{since:yyyy-MM-dd}"));
            }
        }
    }

    /// <summary>One row per instance per week; each account's per-use-case maturity drifts week to week so scores move.</summary>
    private long WriteUsage(string path, List<DemoAccount> plan, int weeks, DateOnly lastSnapshot)
    {
        var random = new Random(4242);
        var columns = model.InputColumns;
        var useCaseOf = columns.Select(ColumnUseCase).ToArray();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16);
        writer.Write("instance_id,subscription_id,instance_type,snapshot_date");
        foreach (var c in columns)
        {
            writer.Write(',');
            writer.Write(c);
        }

        writer.WriteLine();
        long rows = 0;
        var line = new StringBuilder(256);
        for (var w = weeks - 1; w >= 0; w--)
        {
            var date = lastSnapshot.AddDays(-7 * w).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var week = weeks - 1 - w;
            foreach (var a in plan)
            {
                if (a.NoUsage)
                {
                    continue;
                }

                foreach (var s in a.Subscriptions)
                {
                    foreach (var instance in s.Instances)
                    {
                        // An instance that stopped reporting has nothing in the last ~10 weeks (stale after 60 days).
                        if (instance.StopsReporting && w < 10)
                        {
                            continue;
                        }

                        line.Clear();
                        line.Append(instance.Id).Append(',').Append(s.Id).Append(',').Append(instance.Type).Append(',').Append(date);
                        var licensed = (int)(instance.Size * (a.Segment switch { "enterprise" => 2000, "mid-market" => 400, _ => 60 }) * (0.6 + (0.8 * Hash(a.Id, 7))));
                        var billable = Math.Max(1, (int)(licensed * (0.55 + (0.45 * Hash(a.Id, 11)))));
                        for (var c = 0; c < columns.Count; c++)
                        {
                            line.Append(',');
                            if (random.NextDouble() < 0.01)
                            {
                                continue; // an unknown cell: missing, not zero
                            }

                            var maturity = useCaseOf[c] < 0 ? 0.5 : Math.Clamp(a.Maturity[useCaseOf[c]] + (a.Drift[useCaseOf[c]] * week) + ((random.NextDouble() - 0.5) * 0.08), 0, 1);
                            line.Append(Value(columns[c], billable, licensed, maturity, random).ToString(CultureInfo.InvariantCulture));
                        }

                        writer.WriteLine(line);
                        rows++;
                    }
                }
            }
        }

        return rows;
    }

    private int ColumnUseCase(string column)
    {
        for (var u = 0; u < model.UseCases.Count; u++)
        {
            foreach (var m in model.UseCases[u].Metrics)
            {
                if (m.Numerator.Contains(column) || m.CountPositive.Contains(column) || (m.Denominator.Contains(column) && column != "billable_users"))
                {
                    return u;
                }
            }
        }

        return -1;
    }

    /// <summary>Counts that land around the default model's thresholds, so every color appears.</summary>
    private static long Value(string column, int billable, int licensed, double m, Random random) => column switch
    {
        "billable_users" => billable,
        "licensed_users" => licensed,
        "active_users_28d" => (long)(billable * (0.35 + (0.6 * m))),
        "git_operation_users_28d" => (long)(billable * 0.5 * m),
        "ci_builds_28d" => (long)(billable * 60 * m * m),
        "deployment_users_28d" => (long)(billable * 0.2 * m),
        "deployments_28d" => (long)(billable * 10 * m),
        "successful_deployments_28d" => (long)(100 * (0.1 + (0.9 * m))),
        "failed_deployments_28d" => (long)(100 * (1 - m) * 0.5),
        "secure_scanner_users_28d" => (long)(billable * 0.3 * m),
        "ci_internal_pipelines_28d" => Math.Max(1, (long)(billable * 5 * (0.3 + m))),
        _ when column.EndsWith("_scans_28d", StringComparison.Ordinal) => random.NextDouble() < m * 0.8 ? (long)(billable * m * 1.5) + 1 : 0,
        _ => random.Next(0, 50),
    };

    private static double Hash(string id, int salt)
    {
        var h = (uint)salt;
        foreach (var c in id)
        {
            h = (h * 31) + c;
        }

        return (h % 1000) / 1000.0;
    }
}

public static class DemoSetup
{
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.TryAddSingleton<CsvImporter>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
