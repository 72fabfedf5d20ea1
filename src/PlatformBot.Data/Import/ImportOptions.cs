namespace PlatformBot.Data.Import;

/// <summary>How an import treats the store beyond the file's own rows.</summary>
public sealed record ImportOptions
{
    public static readonly ImportOptions Default = new();

    /// <summary>
    /// The file is the whole truth: subscriptions it does not list get end_date = <see cref="Today"/> (unless they ended
    /// earlier), accounts it does not list are archived. Accounts and subscriptions only.
    /// </summary>
    public bool Replace { get; init; }

    /// <summary>Validate and work out the replace, then roll back: nothing is written.</summary>
    public bool DryRun { get; init; }

    /// <summary>Let a replace end or archive more than half of the active rows (otherwise it is refused, nothing written).</summary>
    public bool AllowLargeReplace { get; init; }

    /// <summary>The import date (today in Scoring:TimeZone): the end_date a replace gives.</summary>
    public DateOnly Today { get; init; }
}
