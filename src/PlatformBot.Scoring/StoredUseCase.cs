namespace PlatformBot.Scoring;

/// <summary>One use case of a stored score snapshot: what history keeps of a <see cref="UseCaseResult"/>.</summary>
public readonly record struct StoredUseCase(string UseCaseId, HealthColor Color, double? Score);
