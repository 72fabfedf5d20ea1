using System.CommandLine;
using System.Globalization;
using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Import;

/// <summary>`platformbot import ... [--replace] [--dry-run] [--allow-large-replace]`: the options and what they print.</summary>
internal static class ImportReplaceOptions
{
    /// <summary>Exit code of a replace refused for its size (nothing written): apart from 1 (a bad file) so scripts can tell.</summary>
    public const int RefusedExitCode = 2;

    public sealed record Set(Option<bool> DryRun, Option<bool>? Replace, Option<bool>? AllowLarge);

    public static Set AddTo(Command command, ImportKind kind)
    {
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Check the file and say what it would change (with --replace: what it would end or archive); write nothing.",
        };
        command.Options.Add(dryRun);
        if (!ImportKinds.Replaceable(kind))
        {
            // Usage is history: a usage file is never the whole truth, and old rows go by Retention:UsageDays. An instance
            // map is a lookup table: a row re-imported replaces its own mapping.
            return new Set(dryRun, null, null);
        }

        var replace = new Option<bool>("--replace")
        {
            Description = kind == ImportKind.Accounts
                ? "The file is the whole truth: active accounts not in it are archived (hidden from lookups, the KPI and new scores; kept for history)."
                : "The file is the whole truth: subscriptions not in it end today (end_date = the import date, unless they ended earlier).",
        };
        var allowLarge = new Option<bool>("--allow-large-replace")
        {
            Description = "Let --replace end or archive more than half of the active ones (without it such a replace writes nothing).",
        };
        command.Options.Add(replace);
        command.Options.Add(allowLarge);
        return new Set(dryRun, replace, allowLarge);
    }

    public static ImportOptions Read(ParseResult parse, Set options) => new()
    {
        DryRun = parse.GetValue(options.DryRun),
        Replace = options.Replace is { } r && parse.GetValue(r),
        AllowLargeReplace = options.AllowLarge is { } a && parse.GetValue(a),
    };

    /// <summary>A dry run (exit 0) or a replace refused for its size (exit 2): nothing was written either way.</summary>
    public static async Task<int> ReportUnwrittenAsync(FileInfo file, ImportResult result, bool allowLarge)
    {
        var kind = ImportKinds.Name(result.Kind);
        if (result.RefusedAsLarge)
        {
            await Console.Out.WriteLineAsync(ImportReport.ReplaceLine(result.Replace!, dryRun: true));
            await Console.Error.WriteLineAsync("error: " + ImportReport.RefusalText(result.Replace!, "--allow-large-replace"));
            return RefusedExitCode;
        }

        await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{file.Name}: dry run, nothing was written: {result.RowsRead} {kind} row(s) are valid."));
        if (result.Replace is { } r)
        {
            await Console.Out.WriteLineAsync(ImportReport.ReplaceLine(r, dryRun: true));
            if (ImportReport.LargeWarning(r) is { } warning)
            {
                await Console.Error.WriteLineAsync(allowLarge ? warning : warning + " A real run needs --allow-large-replace.");
            }
        }

        return 0;
    }

    /// <summary>After a written replace: what was ended or archived, and a warning when it was more than half.</summary>
    public static async Task ReportReplaceAsync(ImportResult result)
    {
        if (result.Replace is not { } r)
        {
            return;
        }

        await Console.Out.WriteLineAsync(ImportReport.ReplaceLine(r, dryRun: false));
        if (ImportReport.LargeWarning(r) is { } warning)
        {
            await Console.Error.WriteLineAsync(warning);
        }
    }
}
