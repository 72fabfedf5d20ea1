namespace PlatformBot.Host.Features.Lookup;

/// <summary>How figures are shown on every surface (configuration section "Display").</summary>
public sealed class DisplayOptions
{
    public const string Section = "Display";

    /// <summary>ISO 4217 code of the currency ARR is stored in (the import does not convert). Default USD.</summary>
    public string Currency { get; set; } = "USD";

    /// <summary>Three capital letters, as ISO 4217 writes codes (the list itself is not checked: a code it lacks shows as typed).</summary>
    public static bool IsCurrencyCode(string? code) => code is { Length: 3 } && code.All(char.IsAsciiLetterUpper);
}
