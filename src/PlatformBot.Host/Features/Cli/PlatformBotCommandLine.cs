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
using PlatformBot.Host.Features.Sources;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Scoring;
using Spectre.Console;

namespace PlatformBot.Host.Features.Cli;

/// <summary>
/// The `platformbot` verbs. With no verb (or `serve`) the host serves the bot. Every verb runs on the same
/// composed services as the server, so the CLI and the bot can never disagree.
/// </summary>
public static class PlatformBotCommandLine
{
    /// <summary>Exit code of an expected error (a user's or the configuration's): one line, no stack trace.</summary>
    public const int UsageErrorExitCode = 2;

    /// <summary>The first words that name a verb; anything else that is not an option is refused (exit 2).</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal)
    {
        "serve", "import", "score", "export", "ask", "demo", "migrate", "subscriptions", "digests", "accounts", "prune", "models", "pull", "sources",
        "--help", "-h", "-?", "--version",
    };

    /// <summary>
    /// Verbs that may create the SQLite store when it is not there: the ones that put data in (or migrate). Every
    /// other verb only reads or changes what must already be stored, so in the wrong folder it says there is no store
    /// instead of answering from a new empty one (ADR 0020).
    /// </summary>
    private static readonly HashSet<string> StoreCreatingCommands = new(StringComparer.Ordinal)
    {
        "serve", "migrate", "import", "demo", "subscriptions add", "pull",
    };

    /// <summary>Unknown verbs and a missing --config file: one line and exit 2, before any store or port is touched.</summary>
    public static int? Refuses(CommandLineStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (start.UnknownVerb is { } word)
        {
            Console.Error.WriteLine(UnknownVerbMessage(word));
            return UsageErrorExitCode;
        }

        if (start.ConfigFile is { } file && !File.Exists(file))
        {
            Console.Error.WriteLine($"error: {CommandLineStart.ConfigOption} {file}: no such file ({Path.GetFullPath(file)}).");
            return UsageErrorExitCode;
        }

        return null;
    }

    /// <summary>"did you mean import?" for a typo (the lookups' edit distance); the list of verbs otherwise.</summary>
    internal static string UnknownVerbMessage(string word)
    {
        var names = Verbs.Where(v => !v.StartsWith('-')).Order(StringComparer.Ordinal).ToList();
        var bound = Math.Max(2, word.Length / 3);
        var nearest = names
            .Select(v => (Verb: v, Distance: EditDistance.Bounded(word.ToLowerInvariant(), v, bound)))
            .Where(x => x.Distance <= bound)
            .OrderBy(x => x.Distance)
            .ThenBy(x => x.Verb, StringComparer.Ordinal)
            .Select(x => x.Verb)
            .FirstOrDefault();
        return nearest is not null
            ? $"error: '{word}' is not a platformbot command; did you mean {nearest}? (`platformbot --help` lists them)"
            : $"error: '{word}' is not a platformbot command; the commands are {string.Join(", ", names)} (`platformbot --help`).";
    }

    public static RootCommand Build(IHost app)
    {
        var services = app.Services;
        var root = new RootCommand("PlatformBot: Platform Adoption Scores in Slack and Teams. With no command it serves the bot.");

        // Read before anything is composed (CommandLineStart); declared here so every command accepts and lists them.
        root.Options.Add(new Option<string?>(CommandLineStart.ConfigOption)
        {
            Description = "One more JSON settings file, applied after appsettings.json and appsettings.{Environment}.json.",
            Recursive = true,
        });
        root.Options.Add(new Option<bool>(CommandLineStart.VerboseOption) { Description = "Debug logs, and the stack trace of an error.", Recursive = true });

        var demo = new Option<bool>("--demo") { Description = "If the store is empty, fill it with demo data first (SQLite quickstart)." };
        var urls = new Option<string?>("--urls") { Description = "Addresses to listen on, separated by ';' (default http://localhost:5000), e.g. http://127.0.0.1:5080." };
        var serve = new Command("serve", "Serve the bot (the default).") { demo, urls };
        serve.TreatUnmatchedTokensAsErrors = false;
        serve.SetAction(async (parse, ct) =>
        {
            await ServeAsync(app, parse.GetValue(demo), ct);
            return 0;
        });
        root.Subcommands.Add(serve);
        root.SetAction(async (_, ct) => { await ServeAsync(app, seedDemo: false, ct); return 0; });

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
        root.Subcommands.Add(ModelCommands.Models(services));
        root.Subcommands.Add(SourceCommands.Pull(services));
        root.Subcommands.Add(SourceCommands.Sources(services));
        return root;
    }

    /// <summary>
    /// Runs a verb, or serves. Expected errors (a user's or the configuration's) become one line and exit code 2,
    /// with the stack trace only under --verbose or at Debug; anything else is a bug and is shown whole (exit 1).
    /// Without a verb the host serves; its arguments (e.g. --urls) are the web host's, not ours.
    /// </summary>
    public static async Task<int> InvokeAsync(IHost app, CommandLineStart start, string[] args)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(start);

        // Asked before anything runs: a host that failed to start has disposed its services.
        var inProcess = InProcess(app);
        var traces = start.Verbose || app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("PlatformBot").IsEnabled(LogLevel.Debug);
        try
        {
            if (start.Verb is null)
            {
                await ServeAsync(app, seedDemo: false, CancellationToken.None);
                return 0;
            }

            var parse = Build(app).Parse(args);
            if (parse.Errors.Count > 0)
            {
                // A wrong option or a missing argument is the user's error too: say what, and where the usage is.
                foreach (var error in parse.Errors.Select(e => e.Message).Distinct(StringComparer.Ordinal))
                {
                    await Console.Error.WriteLineAsync("error: " + error);
                }

                await Console.Error.WriteLineAsync($"See `{string.Join(' ', ["platformbot", .. CommandPath(parse.CommandResult.Command)])} --help`.");
                return UsageErrorExitCode;
            }

            if (parse.Action is not System.CommandLine.Help.HelpAction && !CreatesStore(parse.CommandResult.Command))
            {
                app.Services.GetRequiredService<StoreInitializer>().RequireExistingStore();
            }

            // Serving builds the telemetry providers at the host's start; a verb does not start the host (VerbTelemetry).
            await using var telemetry = parse.CommandResult.Command is RootCommand || parse.CommandResult.Command.Name == "serve" ? null : VerbTelemetry.Start(app.Services);

            // Our handler below, not System.CommandLine's default one (which prints "Unhandled exception" and a stack trace).
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception) when (inProcess)
        {
            throw;
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            await Console.Error.WriteLineAsync("error: " + OneLine(ex));
            if (traces)
            {
                await Console.Error.WriteLineAsync(ex.ToString());
            }

            return UsageErrorExitCode;
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

    /// <summary>
    /// Hosted in a test process (WebApplicationFactory's TestServer): the test learns of a failed start only from
    /// the exception the host's start throws, and there is no console user to spare a stack trace.
    /// </summary>
    private static bool InProcess(IHost app) =>
        app.Services.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?.GetType().FullName == "Microsoft.AspNetCore.TestHost.TestServer";

    /// <summary>Errors our code raises for a wrong argument or setting, and the ones the platform raises for them.</summary>
    private static bool IsExpected(Exception ex) => ex is AggregateException aggregate
        ? aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsExpected)
        : ex is InvalidOperationException or ScoringModelException or Microsoft.Extensions.Options.OptionsValidationException
            or IOException or InvalidDataException or UnauthorizedAccessException or DbUpdateException or System.Data.Common.DbException;

    /// <summary>
    /// The message on one line (some platform messages span several). Start-up validation gathers every failing
    /// option in an AggregateException, and one bad value can fail two validators: each message is said once.
    /// </summary>
    private static string OneLine(Exception ex)
    {
        var messages = ex is AggregateException aggregate ? aggregate.Flatten().InnerExceptions.Select(e => e.Message).Distinct(StringComparer.Ordinal) : [ex.Message];
        return string.Join(' ', string.Join(' ', messages).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    private static bool CreatesStore(Command command)
    {
        var path = CommandPath(command);
        return path.Count == 0 || StoreCreatingCommands.Contains(path[0]) || StoreCreatingCommands.Contains(string.Join(' ', path));
    }

    /// <summary>The words from the root to a command, e.g. ["digests", "log"].</summary>
    private static List<string> CommandPath(Command command)
    {
        var path = new List<string>();
        for (var c = command; c is not null and not RootCommand; c = c.Parents.OfType<Command>().FirstOrDefault())
        {
            path.Insert(0, c.Name);
        }

        return path;
    }

    /// <summary>
    /// Checks everything start-up depends on before the host starts its hosted services, so a bad setting or an
    /// unmigrated or unreachable store is reported once, in our words, and not as Quartz's schema validation failure.
    /// </summary>
    private static async Task ServeAsync(IHost app, bool seedDemo, CancellationToken ct)
    {
        // In a test process the host's own start (the hosted StartupChecks) reports the failure: WebApplicationFactory
        // sees an exception only when it comes from starting the host.
        if (!InProcess(app))
        {
            await StartupChecks.PreflightAsync(app.Services, ct);
        }

        if (seedDemo)
        {
            await SeedDemoIfEmptyAsync(app.Services, ct);
        }

        await app.RunAsync(ct);
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
                var provider = services.GetRequiredService<StoreConnection>().Provider;
                if (provider == StorageProvider.Sqlite)
                {
                    // EF cannot write an idempotent script for SQLite, and a SQLite store migrates itself.
                    throw new InvalidOperationException(
                        "migrate --script is for SqlServer and Postgres (Storage:Provider is Sqlite): a SQLite store migrates itself, or run `platformbot migrate`.");
                }

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
        var command = new Command("import", "Import a CSV file (formats: docs/data-formats in README), Service Ping payloads, or a SQL source's rows (--from-source NAME). All or nothing.");
        foreach (var kind in Enum.GetValues<ImportKind>())
        {
            var file = new Argument<FileInfo>("file") { Description = "The CSV file." };
            var sub = new Command(ImportKinds.Name(kind), $"Import {ImportKinds.Name(kind)}.csv") { file };
            var replaceOptions = ImportReplaceOptions.AddTo(sub, kind);
            sub.SetAction(async (parse, ct) =>
            {
                var path = parse.GetValue(file)!;
                if (!path.Exists)
                {
                    await Console.Error.WriteLineAsync($"error: {path.FullName} does not exist.");
                    return UsageErrorExitCode;
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
                    $"{path.Name}: imported {result.RowsRead} {ImportKinds.Name(kind)} row(s) in {result.Elapsed.TotalSeconds:0.00} s ({result.RowsRead / Math.Max(result.Elapsed.TotalSeconds, 0.001):0} rows/s)."));
                await ImportReplaceOptions.ReportReplaceAsync(result);
                return 0;
            });
            command.Subcommands.Add(sub);
        }

        command.Subcommands.Add(SourceCommands.ImportServicePing(services));
        SourceCommands.AddFromSource(command, services);
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
            var task = context.AddTask($"importing {ImportKinds.Name(kind)}", maxValue: file.Length);
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
                return UsageErrorExitCode;
            }

            await SeedAndScoreAsync(services, n, w, ct);
            return 0;
        });
        var command = new Command("demo", "Demo data.") { seed };
        return command;
    }
}
