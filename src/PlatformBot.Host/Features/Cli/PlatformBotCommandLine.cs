using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using PlatformBot.Data;
using PlatformBot.Data.Import;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Accounts;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Export;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Retention;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Scoring;
using Spectre.Console;

namespace PlatformBot.Host.Features.Cli;

/// <summary>
/// The `platformbot` verbs. With no verb (or `serve`) the host serves the bot. Every verb runs on the same
/// composed services as the server, so the CLI and the bot can never disagree.
/// </summary>
public static class PlatformBotCommandLine
{
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "import", "score", "export", "ask", "demo", "migrate", "subscriptions", "digests", "accounts", "prune",
        "--help", "-h", "-?", "--version",
    };

    public static bool IsVerb(string[] args) => args.Length > 0 && Verbs.Contains(args[0]);

    public static RootCommand Build(WebApplication app)
    {
        var services = app.Services;
        var root = new RootCommand("PlatformBot: Platform Adoption Scores in Slack and Teams. With no command it serves the bot.");

        var demo = new Option<bool>("--demo") { Description = "If the store is empty, fill it with demo data first (SQLite quickstart)." };
        var serve = new Command("serve", "Serve the bot (the default).") { demo };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(demo))
            {
                await SeedDemoIfEmptyAsync(services, ct);
            }

            await app.RunAsync(ct);
            return 0;
        });
        root.Subcommands.Add(serve);
        root.SetAction(async (_, ct) => { await app.RunAsync(ct); return 0; });

        root.Subcommands.Add(MigrateCommand(services));
        root.Subcommands.Add(ImportCommand(services));
        root.Subcommands.Add(ScoreCommand(services));
        root.Subcommands.Add(ExportCommand(services));
        root.Subcommands.Add(AskCommand(services));
        root.Subcommands.Add(DemoCommand(services));
        root.Subcommands.Add(DigestCommands.Subscriptions(services));
        root.Subcommands.Add(DigestCommands.Digests(services));
        root.Subcommands.Add(AccountCommands.Accounts(services));
        root.Subcommands.Add(RetentionCommands.Prune(services));
        return root;
    }

    /// <summary>
    /// Runs a verb and turns known failures into a one-line message and exit code 1 (never a stack trace).
    /// Without a verb the host serves; its arguments (e.g. --urls) are the web host's, not ours.
    /// </summary>
    public static async Task<int> InvokeAsync(WebApplication app, string[] args)
    {
        if (!IsVerb(args) && (args.Length == 0 || args[0] != "serve"))
        {
            await app.RunAsync();
            return 0;
        }

        try
        {
            // Our handler below, not System.CommandLine's default one (which prints "Unhandled exception" and a stack trace).
            return await Build(app).Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is InvalidOperationException or ScoringModelException or Microsoft.Extensions.Options.OptionsValidationException
                                       or IOException or UnauthorizedAccessException or DbUpdateException or System.Data.Common.DbException)
        {
            await Console.Error.WriteLineAsync("error: " + ex.Message);
            return 1;
        }
        catch (Exception ex)
        {
            // Anything else is a bug: shown whole, as System.CommandLine's handler showed it, with the same exit code
            // (cancellation, e.g. Ctrl+C, quietly).
            if (ex is not OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("Unhandled exception: " + ex);
            }

            return 1;
        }
    }

    private static Option<string?> AsOfOption() => new("--as-of")
    {
        Description = "The as-of date, yyyy-MM-dd (default: today in Scoring:TimeZone).",
    };

    private static DateOnly ResolveAsOf(IServiceProvider services, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return services.GetRequiredService<BusinessCalendar>().Today;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new InvalidOperationException($"--as-of '{text}' is not a date in yyyy-MM-dd form.");
    }

    private static Command MigrateCommand(IServiceProvider services)
    {
        var script = new Option<bool>("--script") { Description = "Print the idempotent SQL script for the configured provider instead of applying it." };
        var command = new Command("migrate", "Apply the store's migrations to the configured database.") { script };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(script))
            {
                await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync(ct);
                var sql = Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<IMigrator>(db).GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);
                await Console.Out.WriteAsync(sql);
                return 0;
            }

            var initializer = services.GetRequiredService<StoreInitializer>();
            var applied = await initializer.MigrateAsync(ct);
            await Console.Out.WriteLineAsync(applied.Count == 0
                ? $"{initializer.Connection.Describe()} is up to date."
                : $"Applied {applied.Count} migration(s) to {initializer.Connection.Describe()}: {string.Join(", ", applied)}");
            return 0;
        });
        return command;
    }

    private static Command ImportCommand(IServiceProvider services)
    {
        var command = new Command("import", "Import a CSV file (formats: docs/data-formats in README). All or nothing.");
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            var file = new Argument<FileInfo>("file") { Description = "The CSV file." };
            var sub = new Command(kind.ToString().ToLowerInvariant(), $"Import {kind.ToString().ToLowerInvariant()}.csv") { file };
            var replaceOptions = ImportReplaceOptions.AddTo(sub, kind);
            sub.SetAction(async (parse, ct) =>
            {
                var path = parse.GetValue(file)!;
                if (!path.Exists)
                {
                    await Console.Error.WriteLineAsync($"error: {path.FullName} does not exist.");
                    return 1;
                }

                await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
                var imports = services.GetRequiredService<ImportService>();
                var actor = "cli:" + Environment.UserName;
                var mode = ImportReplaceOptions.Read(parse, replaceOptions);
                var result = await WithProgressAsync(path, kind, (progress, token) => imports.ImportAsync(kind, stream, actor, "cli", mode, progress, token), ct);
                if (!result.Succeeded)
                {
                    await Console.Error.WriteLineAsync($"{path.Name}: rejected, nothing was imported. {result.TotalErrors} error(s){(result.TotalErrors > result.Errors.Count ? $", the first {result.Errors.Count} shown" : string.Empty)}:");
                    foreach (var error in result.Errors)
                    {
                        await Console.Error.WriteLineAsync("  " + error);
                    }

                    return 1;
                }

                if (result.DryRun || result.RefusedAsLarge)
                {
                    return await ImportReplaceOptions.ReportUnwrittenAsync(path, result, mode.AllowLargeReplace);
                }

                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{path.Name}: imported {result.RowsRead} {kind.ToString().ToLowerInvariant()} row(s) in {result.Elapsed.TotalSeconds:0.00} s ({result.RowsRead / Math.Max(result.Elapsed.TotalSeconds, 0.001):0} rows/s)."));
                await ImportReplaceOptions.ReportReplaceAsync(result);
                return 0;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    /// <summary>A progress bar on an interactive terminal (stderr, so stdout stays clean); silent otherwise.</summary>
    private static async Task<ImportResult> WithProgressAsync(FileInfo file, ImportKind kind, Func<IProgress<ImportProgress>?, CancellationToken, Task<ImportResult>> run, CancellationToken ct)
    {
        if (Console.IsErrorRedirected || file.Length < 4 * 1024 * 1024)
        {
            return await run(null, ct);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        ImportResult? result = null;
        await console.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask($"importing {kind.ToString().ToLowerInvariant()}", maxValue: file.Length);
            var progress = new Progress<ImportProgress>(p => task.Value = p.Bytes);
            result = await run(progress, ct);
            task.Value = file.Length;
        });
        return result!;
    }

    private static Command ScoreCommand(IServiceProvider services)
    {
        var asOf = AsOfOption();
        var command = new Command("score", "Compute and store a score snapshot for every account.") { asOf };
        command.SetAction(async (parse, ct) =>
        {
            var date = ResolveAsOf(services, parse.GetValue(asOf));
            var calendar = services.GetRequiredService<BusinessCalendar>();
            if (date > calendar.Today)
            {
                // A stored snapshot of a day not yet over would be scored from incomplete usage and look final.
                throw new InvalidOperationException(
                    $"--as-of {date:yyyy-MM-dd} is in the future: today is {calendar.Today:yyyy-MM-dd} in Scoring:TimeZone ({calendar.TimeZone.Id}).");
            }

            var summary = await services.GetRequiredService<ScoreRunner>().ScoreAndStoreAsync(date, ct);
            var levels = string.Join(", ", summary.AccountsByLevel.Select(l => $"{l.Key}: {l.Value}"));
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Scored {summary.Accounts} accounts as of {summary.AsOf:yyyy-MM-dd} (model {summary.ModelVersion}) in {summary.Elapsed.TotalSeconds:0.00} s: {levels}"));
            if (summary.UnreadableUsageRows.Count > 0)
            {
                // The run succeeded; the damaged rows are named in the warnings above and their bad cells counted as unknown.
                var named = string.Join(", ", summary.UnreadableUsageRows.Take(5).Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.InstanceId} on {r.SnapshotDate:yyyy-MM-dd}")));
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.UnreadableUsageRows.Count} usage row(s) had stored metrics that do not read as whole numbers; those metrics counted as unknown: {named}{(summary.UnreadableUsageRows.Count > 5 ? ", ..." : string.Empty)}"));
            }

            return 0;
        });
        return command;
    }

    private static Command ExportCommand(IServiceProvider services)
    {
        var command = new Command("export", "Write scores or the ARR KPI to standard output.");
        foreach (var what in new[] { "scores", "kpi" })
        {
            var asOf = AsOfOption();
            var format = new Option<ExportFormat>("--format") { Description = "json or csv", DefaultValueFactory = _ => ExportFormat.Json };
            var sub = new Command(what, what == "scores" ? "Every account's score as of a date." : "Share of ARR at each level as of a date.") { asOf, format };
            sub.SetAction(async (parse, ct) =>
            {
                var date = ResolveAsOf(services, parse.GetValue(asOf));
                var export = services.GetRequiredService<ScoreExport>();
                static void Note(string message) => Console.Error.WriteLine(message);
                await using var stdout = Console.OpenStandardOutput();
                if (what == "scores")
                {
                    export.WriteScores(stdout, await export.ScoresAsync(date, Note, ct), parse.GetValue(format));
                }
                else
                {
                    ScoreExport.WriteKpi(stdout, await export.KpiAsync(date, Note, ct), parse.GetValue(format));
                }

                return 0;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private static Command AskCommand(IServiceProvider services)
    {
        var text = new Argument<string[]>("text") { Description = "What you would type after /adoption, e.g. \"acme\", \"explain ci\", \"kpi\".", Arity = ArgumentArity.ZeroOrMore };
        var showArr = new Option<bool>("--show-arr") { Description = "Show ARR amounts (hidden unless asked: a terminal is easily shared or pasted)." };
        // Hidden is the default now; the old switch is still accepted so scripts that pass it keep working.
        var noArr = new Option<bool>("--no-arr") { Description = "Hide ARR amounts (the default).", Hidden = true };
        var command = new Command("ask", "Answer exactly as /adoption would, rendered as text.") { text, showArr, noArr };
        command.SetAction(async (parse, ct) =>
        {
            var query = string.Join(' ', parse.GetValue(text) ?? []);
            var audience = ArrAudience.Cli(showArrRequested: parse.GetValue(showArr) && !parse.GetValue(noArr));
            var viewer = new Viewer("cli:" + Environment.UserName, "cli", services.GetRequiredService<ArrVisibility>().MaySeeArr(audience), null);
            var answer = await services.GetRequiredService<LookupService>().AskAsync(query, viewer, ct);
            await Console.Out.WriteLineAsync(TextRenderer.Render(answer));
            return answer is NotFoundAnswer or ErrorAnswer ? 1 : 0;
        });
        return command;
    }

    private static async Task SeedDemoIfEmptyAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<StoreInitializer>().EnsureReadyAsync(ct);
        await using var db = await services.GetRequiredService<IDbContextFactory<PlatformBotDbContext>>().CreateDbContextAsync(ct);
        if (await db.Accounts.AnyAsync(ct))
        {
            return;
        }

        await Console.Error.WriteLineAsync("The store is empty: seeding demo data (300 accounts, 26 weeks)...");
        await SeedAndScoreAsync(services, DemoSeeder.DefaultAccounts, DemoSeeder.DefaultWeeks, ct);
    }

    private static async Task SeedAndScoreAsync(IServiceProvider services, int accounts, int weeks, CancellationToken ct)
    {
        var today = services.GetRequiredService<BusinessCalendar>().Today;
        var lastMonday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var progress = new Progress<string>(line => Console.Error.WriteLine(line));
        var result = await services.GetRequiredService<DemoSeeder>().SeedAsync(accounts, weeks, lastMonday, progress, ct);
        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Seeded {result.Accounts} accounts, {result.Subscriptions} subscriptions, {result.Instances} instances, {result.UsageRows} usage rows in {result.Elapsed.TotalSeconds:0.0} s."));

        // History makes trends, movers and digests meaningful from the first minute.
        var runner = services.GetRequiredService<ScoreRunner>();
        for (var week = weeks - 1; week >= 0; week--)
        {
            var date = lastMonday.AddDays(-7 * week);
            var summary = await runner.ScoreAndStoreAsync(date, ct);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"scored {date:yyyy-MM-dd} in {summary.Elapsed.TotalSeconds:0.00} s"));
        }

        await Console.Out.WriteLineAsync($"Stored {weeks} weekly score snapshots ending {lastMonday:yyyy-MM-dd}. Try: platformbot ask \"acme\"");
    }

    private static Command DemoCommand(IServiceProvider services)
    {
        var accounts = new Option<int>("--accounts") { Description = "How many accounts.", DefaultValueFactory = _ => DemoSeeder.DefaultAccounts };
        var weeks = new Option<int>("--weeks") { Description = "How many weekly usage snapshots.", DefaultValueFactory = _ => DemoSeeder.DefaultWeeks };
        var seed = new Command("seed", "Fill an empty store with realistic synthetic data, then score every week.") { accounts, weeks };
        seed.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(accounts);
            var w = parse.GetValue(weeks);
            if (n is < 1 or > 1_000_000 || w is < 1 or > 260)
            {
                await Console.Error.WriteLineAsync("error: --accounts must be 1..1000000 and --weeks 1..260.");
                return 1;
            }

            await SeedAndScoreAsync(services, n, w, ct);
            return 0;
        });
        var command = new Command("demo", "Demo data.") { seed };
        return command;
    }
}
