namespace PlatformBot.Host.Features.Preview;

/// <summary>Section "Preview". See docs/configuration.md and ADR 0005.</summary>
public sealed class PreviewOptions
{
    public const string Section = "Preview";

    /// <summary>Null (default) = on in Development or when neither Slack nor Teams is configured; true/false forces it.</summary>
    public bool? Enabled { get; set; }

    /// <summary>False (default): only loopback callers with a loopback Host header and no proxy headers get the page.</summary>
    public bool AllowRemote { get; set; }

    // Preview:ShowArr, in the same section, is read by Features/Access (ArrVisibility), which decides ARR everywhere.

    /// <summary>The resolved switch (Enabled, or the automatic default).</summary>
    internal bool IsOn { get; set; }
}
