using System.CommandLine;

namespace PlatformBot.Host.Features.Accounts;

/// <summary>`platformbot accounts purge ID [--yes]`.</summary>
public static class AccountCommands
{
    /// <summary>Exit code of a purge asked without --yes: it only said what it would delete.</summary>
    public const int NotConfirmedExitCode = 2;

    public static Command Accounts(IServiceProvider services)
    {
        var id = new Argument<string>("id") { Description = "The account id (account_id in accounts.csv)." };
        var yes = new Option<bool>("--yes") { Description = "Really delete. Without it the command only says what it would delete." };
        var purge = new Command("purge", "Delete everything stored about one account (one transaction); audit rows stay, redacted.") { id, yes };
        purge.SetAction(async (parse, ct) =>
        {
            var accountId = parse.GetValue(id)!.Trim();
            var result = await services.GetRequiredService<AccountPurge>().PurgeAsync(accountId, parse.GetValue(yes), "cli:" + Environment.UserName, "cli", ct);
            if (result is null)
            {
                // The user's error: thrown, so it reaches the one-line handler and exit 2 like every other one.
                throw new InvalidOperationException($"no account '{accountId}' is stored.");
            }

            if (!result.Purged)
            {
                await Console.Out.WriteLineAsync($"Would delete for {result.AccountId} ({result.Name}): {result.Counts.Describe()}.");
                await Console.Error.WriteLineAsync("Nothing was changed. Run again with --yes to purge; it cannot be undone.");
                return NotConfirmedExitCode;
            }

            await Console.Out.WriteLineAsync($"Purged {result.AccountId}: deleted {result.Counts.Describe()}.");
            return 0;
        });
        return new Command("accounts", "Accounts kept in the store.") { purge };
    }
}
