namespace PlatformBot.Scoring;

/// <summary>One usage row of one instance (the model's input columns, aligned with <see cref="ScoringModel.InputColumns"/>; null = unknown).</summary>
public sealed record UsageSnapshot(
    string InstanceId,
    string InstanceType,
    DateOnly SnapshotDate,
    double?[] Values);
