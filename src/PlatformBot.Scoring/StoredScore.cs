namespace PlatformBot.Scoring;

/// <summary>A stored snapshot with the account's display name and its use cases as stored (<see cref="SnapshotUseCases"/>).</summary>
public sealed record StoredScore(
    string AccountId, string Name, DateOnly AsOf, decimal Arr, int? AdoptionScore, string Level, IReadOnlyList<StoredUseCase> UseCases, string ModelVersion, DateOnly? DataAsOf)
{
    /// <summary>The stored color of a use case; unknown when the snapshot does not hold it.</summary>
    public HealthColor ColorOf(string useCaseId)
    {
        foreach (var useCase in UseCases)
        {
            if (string.Equals(useCase.UseCaseId, useCaseId, StringComparison.Ordinal))
            {
                return useCase.Color;
            }
        }

        return HealthColor.Unknown;
    }

    /// <summary>Whether the snapshot holds the use case at all (a snapshot of another model may not).</summary>
    public bool Holds(string useCaseId) => UseCases.Any(u => string.Equals(u.UseCaseId, useCaseId, StringComparison.Ordinal));
}
