namespace PlatformBot.Data.Entities;

/// <summary>The outcomes a <see cref="SourceRun"/> records.</summary>
public static class SourceRunOutcomes
{
    public const string Ok = "ok";

    /// <summary>The source answered, but with data that was refused (nothing written from it).</summary>
    public const string Refused = "refused";

    /// <summary>The source could not be read (HTTP error, timeout, TLS, empty answer).</summary>
    public const string Failed = "failed";
}
