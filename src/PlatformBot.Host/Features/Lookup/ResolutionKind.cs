namespace PlatformBot.Host.Features.Lookup;

public enum ResolutionKind
{
    /// <summary>One clear match: answer with its card.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The resolution vocabulary: Single, Ambiguous, NotFound.")]
    Single,

    /// <summary>Several comparable matches: offer a pick list, never guess.</summary>
    Ambiguous,

    /// <summary>No match; the candidates, if any, are "did you mean" suggestions.</summary>
    NotFound,
}
