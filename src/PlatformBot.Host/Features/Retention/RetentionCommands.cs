using System.CommandLine;
using System.Globalization;

namespace PlatformBot.Host.Features.Retention;

/// <summary>`platformbot prune [--dry-run]`.</summary>
public static class RetentionCommands
{
    public static Command Prune(IServiceProvider services)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would be deleted; delete nothing." };
        var command = new Command("prune", "Delete audit rows, digest deliveries and usage rows past the Retention limits; prints counts per table.") { dryRun };
        command.SetAction(async (parse, ct) =>
        {
            var result = await services.GetRequiredService<RetentionPruner>().PruneAsync(parse.GetValue(dryRun), "cli:" + Environment.UserName, "cli", ct);
            await Console.Out.WriteLineAsync(result.DryRun ? "Dry run, nothing was deleted. Would delete:" : "Deleted:");
            var width = result.Tables.Max(t => t.Table.Length);
            foreach (var table in result.Tables)
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {table.Table.PadRight(width)}  {table.Rows,9}  {table.Rule}"));
            }

            return 0;
        });
        return command;
    }
}
