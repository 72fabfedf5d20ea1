using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace PlatformBot.Host.Features.Sources;

/// <summary>`platformbot import service-ping FILE...`, `platformbot pull gitlab [--instance NAME]`, `platformbot sources status`.</summary>
public static class SourceCommands
{
    /// <summary>Exit code when a payload was refused (exit 2, as any refused input) ...</summary>
    private const int RefusedExitCode = 2;

    /// <summary>... and when a GitLab instance could not be pulled (the others were).</summary>
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
            var configured = services.GetRequiredService<IOptions<GitLabOptions>>().Value.Instances.Keys.Select(GitLabPuller.SourceName);
            var never = configured.Where(c => !runs.Any(r => string.Equals(r.Source, c, StringComparison.OrdinalIgnoreCase))).Order(StringComparer.Ordinal).ToList();
            if (runs.Count == 0 && never.Count == 0)
            {
                await Console.Out.WriteLineAsync("No source has run yet, and no GitLab instance is configured (Sources:GitLab:Instances).");
                return 0;
            }

            await Console.Out.WriteLineAsync("source\tkind\tstarted (UTC)\tseconds\trows\toutcome\terror");
            foreach (var run in runs)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Source}\t{run.Kind}\t{run.StartedAtUtc:yyyy-MM-dd HH:mm:ss}\t{(run.FinishedAtUtc - run.StartedAtUtc).TotalSeconds:0.0}\t{run.Rows}\t{run.Outcome}\t{run.Error}"));
            }

            foreach (var source in never)
            {
                await Console.Out.WriteLineAsync($"{source}\t{GitLabPuller.Kind}\tnever\t\t\t\t");
            }

            return 0;
        });
        return new Command("sources", "Data sources: their last runs.") { status };
    }
}
