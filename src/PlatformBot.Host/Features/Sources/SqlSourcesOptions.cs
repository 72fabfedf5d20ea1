namespace PlatformBot.Host.Features.Sources;

/// <summary>Sources:Sql: the warehouse and CRM queries, by name.</summary>
public sealed class SqlSourcesOptions
{
    public const string Section = "Sources:Sql";

    public Dictionary<string, SqlSourceOptions> Sources { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The section as bound (the binder names the key of a value that does not convert).</summary>
    public static SqlSourcesOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new SqlSourcesOptions();
        configuration.GetSection(Section).Bind(options.Sources);
        return options;
    }
}
