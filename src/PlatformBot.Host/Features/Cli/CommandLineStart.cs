namespace PlatformBot.Host.Features.Cli;

/// <summary>
/// What the arguments ask for, read before anything is composed: serve (no verb, or `serve`), a verb, or a word that
/// is no verb (refused before any store or port is touched). `--config FILE` and `--verbose` go with any of them.
/// </summary>
public sealed record CommandLineStart(string? Verb, string? UnknownVerb, string? ConfigFile, bool Verbose, string[] HostArgs)
{
    public const string ConfigOption = "--config";
    public const string VerboseOption = "--verbose";

    /// <summary>True when the host serves the bot (no verb, or `serve`).</summary>
    public bool Serves => Verb is null or "serve";

    public static CommandLineStart Read(string[] args, IReadOnlySet<string> verbs)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(verbs);
        string? configFile = null;
        var verbose = false;
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == ConfigOption && i + 1 < args.Length)
            {
                configFile = args[++i];
            }
            else if (arg.StartsWith(ConfigOption + "=", StringComparison.Ordinal))
            {
                configFile = arg[(ConfigOption.Length + 1)..];
            }
            else if (arg == VerboseOption)
            {
                verbose = true;
            }
            else
            {
                rest.Add(arg);
            }
        }

        // No verb, or a first word that is an option (`--urls ...`): the web host's own arguments, as before.
        if (rest.Count == 0 || (rest[0].StartsWith('-') && !verbs.Contains(rest[0])))
        {
            return new CommandLineStart(null, null, configFile, verbose, [.. rest]);
        }

        if (rest[0] == "serve")
        {
            return new CommandLineStart("serve", null, configFile, verbose, rest.Skip(1).Where(a => a != "--demo").ToArray());
        }

        return verbs.Contains(rest[0])
            ? new CommandLineStart(rest[0], null, configFile, verbose, ForCommand)
            : new CommandLineStart(null, rest[0], configFile, verbose, []);
    }

    /// <summary>
    /// A verb runs once and exits, so it does not watch its configuration files for changes: the watcher would
    /// otherwise wake for every write under the content root, such as a store's database pages during an import.
    /// </summary>
    private static readonly string[] ForCommand = ["--hostBuilder:reloadConfigOnChange=false"];
}
