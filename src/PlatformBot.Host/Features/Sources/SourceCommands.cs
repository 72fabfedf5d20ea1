using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Import;
using PlatformBot.Host.Features.Import;

namespace PlatformBot.Host.Features.Sources;

/// <summary>`platformbot import service-ping FILE...`, `platformbot import --from-source NAME`, `platformbot pull gitlab [--instance NAME]`, `platformbot sources status`.</summary>
public static class SourceCommands
{
    /// <summary>Exit code when a payload was refused (exit 2, as any refused input) ...</summary>
    private const int RefusedExitCode = 2;

    /// <summary>... and when a GitLab instance could not be pulled (the others were), or a SQL source failed.</summary>
    private const int PullFailedExitCode = 1;

    public static Command ImportServicePing(IServiceProvider services)
    {
        var files = new Argument<FileInfo[]>("file") { Description = "Service Ping payloads (JSON as GitLab writes it; .gz accepted), one per file.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("service-ping", "Import GitLab Service Ping payloads: each file is one usage row, all or nothing per file.") { files };
        command.SetAction(async (parse, ct) =>
        {
            var importer = services.GetRequiredService<ServicePingImporter>();
            var exit = 0;
            foreach (var file in parse.GetValue(files)!)
            {
                if (!file.Exists)
                {
                    await Console.Error.WriteLineAsync($"error: {file.FullName} does not exist.");
                    exit = RefusedExitCode;
                    continue;
                }

                try
                {
                    await using var stream = await ServicePingBody.OpenFileAsync(file, ct);
                    var result = await importer.ImportAsync(stream, "service-ping:cli", ServicePingImporter.Kind, "cli:" + Environment.UserName, "cli", null, ct);
                    await Console.Out.WriteLineAsync($"{file.Name}: imported {result.Summary}.");
                }
                catch (Exception ex) when (ServicePingException.IsRefusal(ex))
                {
                    await Console.Error.WriteLineAsync($"error: {file.Name}: refused, nothing was imported: {ex.Message}");
                    exit = RefusedExitCode;
                }
            }

            return exit;
        });
        return command;
    }

    /// <summary>`platformbot import --from-source NAME`: runs one SQL source (Sources:Sql:NAME) now, as its schedule would.</summary>
    public static void AddFromSource(Command import, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(import);
        var fromSource = new Option<string?>("--from-source") { Description = "Run the SQL source of this name (Sources:Sql:NAME) and import its rows. All or nothing." };
        import.Options.Add(fromSource);
        import.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(fromSource) is not { } name)
            {
                await Console.Error.WriteLineAsync("error: name what to import: a kind and a file (platformbot import accounts accounts.csv), or --from-source NAME.");
                return RefusedExitCode;
            }

            // An unknown name is an InvalidOperationException: one line listing the configured sources, exit 2.
            var run = await services.GetRequiredService<SqlSourceRunner>().RunAsync(name, "cli:" + Environment.UserName, "cli", ct);
            if (run.Result is { Succeeded: false } rejected)
            {
                await Console.Error.WriteLineAsync(
                    $"error: SQL source {run.Name}: rows refused, nothing was imported. {rejected.TotalErrors} error(s){(rejected.TotalErrors > rejected.Errors.Count ? $", the first {rejected.Errors.Count} shown" : string.Empty)}:");
                foreach (var error in rejected.Errors)
                {
                    await Console.Error.WriteLineAsync("  " + SqlSourceRunner.Describe(error));
                }

                return PullFailedExitCode;
            }

            if (!run.Succeeded)
            {
                await Console.Error.WriteLineAsync($"error: SQL source {run.Name} {run.Outcome}: {run.Error}");
                return PullFailedExitCode;
            }

            var result = run.Result!;
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{SqlSourceRunner.SourceName(run.Name)}: imported {result.RowsRead} {ImportKinds.Name(run.Kind)} row(s) in {result.Elapsed.TotalSeconds:0.00} s."));
            await ImportReplaceOptions.ReportReplaceAsync(result);
            return 0;
        });
    }

    public static Command Pull(IServiceProvider services)
    {
        var instance = new Option<string?>("--instance") { Description = "Only this instance (a name under Sources:GitLab:Instances)." };
        var gitlab = new Command("gitlab", "Pull the Service Ping of each GitLab instance (Sources:GitLab:Instances) and import it.") { instance };
        gitlab.SetAction(async (parse, ct) =>
        {
            var summary = await services.GetRequiredService<GitLabPuller>().PullAsync(parse.GetValue(instance), "cli:" + Environment.UserName, "cli", ct);
            foreach (var pulled in summary.Instances)
            {
                await (pulled.Succeeded ? Console.Out : Console.Error).WriteLineAsync(pulled.Line);
            }

            await Console.Out.WriteLineAsync(summary.Line);
            return summary.Failed == 0 ? 0 : PullFailedExitCode;
        });
        return new Command("pull", "Pull data from its sources by hand (the scheduled pull does the same).") { gitlab };
    }

    public static Command Sources(IServiceProvider services)
    {
        var status = new Command("status", "The last run of every source and pull: when, rows, outcome, error.");
        status.SetAction(async (_, ct) =>
        {
            var runs = await services.GetRequiredService<SourceRunLog>().LastRunsAsync(ct);
            var configured = services.GetRequiredService<IOptions<GitLabOptions>>().Value.Instances.Keys.Select(n => (Source: GitLabPuller.SourceName(n), Kind: GitLabPuller.Kind))
                .Concat(services.GetRequiredService<IOptions<SqlSourcesOptions>>().Value.Sources.Select(s =>
                    (Source: SqlSourceRunner.SourceName(s.Key), Kind: ImportKinds.TryParse(s.Value.Kind, out var k) ? SqlSourceRunner.RunKind(k) : "sql")));
            var never = configured.Where(c => !runs.Any(r => string.Equals(r.Source, c.Source, StringComparison.OrdinalIgnoreCase))).OrderBy(c => c.Source, StringComparer.Ordinal).ToList();
            if (runs.Count == 0 && never.Count == 0)
            {
                await Console.Out.WriteLineAsync("No source has run yet, and no GitLab instance (Sources:GitLab:Instances) or SQL source (Sources:Sql) is configured.");
                return 0;
            }

            await Console.Out.WriteLineAsync("source\tkind\tstarted (UTC)\tseconds\trows\toutcome\terror");
            foreach (var run in runs)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Source}\t{run.Kind}\t{run.StartedAtUtc:yyyy-MM-dd HH:mm:ss}\t{(run.FinishedAtUtc - run.StartedAtUtc).TotalSeconds:0.0}\t{run.Rows}\t{run.Outcome}\t{run.Error}"));
            }

            foreach (var (source, kind) in never)
            {
                await Console.Out.WriteLineAsync($"{source}\t{kind}\tnever\t\t\t\t");
            }

            return 0;
        });
        return new Command("sources", "Data sources: their last runs.") { status };
    }
}
