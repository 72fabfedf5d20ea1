namespace PlatformBot.Host.Features.Lookup;

/// <summary>How a candidate matched, strongest first.</summary>
public enum MatchKind
{
    ExactId,
    ExactName,
    Prefix,
    WordStart,
    Contains,
    Fuzzy,
}
