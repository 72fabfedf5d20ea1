using PlatformBot.Host.Features.Lookup;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>Real scores from the real engine and default model, for building and rendering answers without a store.</summary>
internal static class Fixtures
{
    public static readonly ScoringModel Model = ScoringModel.Default;
    public static readonly ScoringEngine Engine = new(Model);
    public static readonly DateOnly Today = new(2026, 11, 23);

    public static readonly DirectoryEntry Acme = DirectoryEntry.Create("A-000001", "Acme Corp", "enterprise", "emea", owner: "sam@example.com", csm: "jo@example.com");

    /// <summary>SCM green (80%), CI yellow (12.4 builds per user), CD green, Security as given (no data by default).</summary>
    public static (string Column, double? Value)[] TwoGreen =>
    [
        ("billable_users", 100), ("licensed_users", 105), ("active_users_28d", 60), ("git_operation_users_28d", 80), ("ci_builds_28d", 1240),
        ("deployment_users_28d", 20), ("deployments_28d", 900), ("successful_deployments_28d", 95), ("failed_deployments_28d", 5),
    ];

    public static AccountScore Score(string plan, DateOnly dataDate, params (string Column, double? Value)[] cells)
    {
        var values = new double?[Model.InputColumns.Count];
        foreach (var (column, value) in cells)
        {
            values[Model.IndexOfInput(column)] = value;
        }

        var subscription = new SubscriptionInput("S-1", plan, 300_000m, new DateOnly(2022, 1, 1), [new UsageSnapshot("i-1", "production", dataDate, values)]);
        return Engine.Score(new AccountInput(Acme.AccountId, [subscription]), Today);
    }

    public static StoredScore Snapshot(DateOnly asOf, int? adoption, string level, string scm, string ci, string cd, string security, string? model = null) =>
        new(Acme.AccountId, Acme.Name, asOf, 300_000m, adoption, level,
            SnapshotUseCases.Decode("{" + string.Join(",", new[] { ("scm", scm), ("ci", ci), ("cd", cd), ("security", security) }
                .Select(u => $"\"{u.Item1}\":{{\"color\":\"{u.Item2}\",\"score\":null}}")) + "}"),
            model ?? Model.Version, asOf.AddDays(-3));

    /// <summary>A stored week ago (level 1: SCM yellow), about three months ago (level 0), and one stored today (ignored).</summary>
    public static IReadOnlyList<StoredScore> History =>
    [
        Snapshot(Today.AddDays(-90), 0, "0", "red", "red", "yellow", "unknown"),
        Snapshot(Today.AddDays(-35), 1, "1", "yellow", "yellow", "green", "unknown"),
        Snapshot(Today.AddDays(-7), 1, "1", "yellow", "yellow", "green", "unknown"),
        Snapshot(Today, 2, "2", "green", "yellow", "green", "unknown"),
    ];

    public static ScoreCardAnswer Card(bool maySeeArr = true, string plan = "ultimate", int dataAgeDays = 3, IReadOnlyList<StoredScore>? history = null) =>
        ScoreCardBuilder.Build(Acme, Score(plan, Today.AddDays(-dataAgeDays), TwoGreen), history ?? History, Model, Today, maySeeArr, "USD");
}
