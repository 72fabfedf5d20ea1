using PlatformBot.Data.Import;

namespace PlatformBot.Host.Features.Sources;

/// <summary>One run of a SQL source: the import's result when the query could be read, and how the run ended.</summary>
/// <param name="Outcome">A <see cref="PlatformBot.Data.Entities.SourceRunOutcomes"/> value.</param>
/// <param name="Error">One line: why the run failed or was refused; null when it succeeded.</param>
public sealed record SqlSourceRun(string Name, ImportKind Kind, ImportResult? Result, string Outcome, string? Error)
{
    public bool Succeeded => Error is null;
}
