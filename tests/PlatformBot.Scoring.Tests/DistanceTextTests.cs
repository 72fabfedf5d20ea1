using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>
/// The engine formats <see cref="DistanceToGreen.Text"/> when it is first read. These tests hold the lazy text to a
/// plain reference formatting over many generated accounts, and the record to the contract of the positional record
/// it was (construction, equality, <c>with</c>, deconstruction, ToString).
/// </summary>
public sealed class DistanceTextTests
{
    private const string Each = " in each subscription";

    [Fact]
    public void The_text_read_later_is_the_reference_formatting_of_the_distance()
    {
        var checkedTexts = 0;
        var eachTexts = 0;
        foreach (var account in CleanAccounts(3000, seed: 11))
        {
            var score = Engine.Score(account, AsOf);
            foreach (var useCase in score.UseCases)
            {
                if (useCase.DistanceToGreen is not { } distance)
                {
                    continue;
                }

                // Every row is fresh, of a scored type and fully known: each subscription in the plan contributes, so
                // the text speaks of each subscription exactly when a 'points' use case has more than one.
                var definition = Model.FindUseCase(useCase.UseCaseId)!;
                var contributing = account.Subscriptions.Count(s => definition.AppliesTo(s.Plan));
                var each = definition.Rollup == RollupMode.Points && contributing > 1;
                Assert.Equal(Reference(distance, definition) + (each ? Each : string.Empty), distance.Text);
                checkedTexts++;
                eachTexts += each ? 1 : 0;
            }
        }

        Assert.True(checkedTexts > 1000, $"only {checkedTexts} distances");
        Assert.True(eachTexts > 100, $"only {eachTexts} distances over several subscriptions");
    }

    [Fact]
    public void The_text_of_messy_accounts_is_the_reference_formatting_too()
    {
        var checkedTexts = 0;
        foreach (var account in MessyAccounts(3000, seed: 5))
        {
            foreach (var useCase in Engine.Score(account, AsOf).UseCases)
            {
                if (useCase.DistanceToGreen is { } distance)
                {
                    var reference = Reference(distance, Model.FindUseCase(useCase.UseCaseId)!);
                    Assert.True(distance.Text == reference || distance.Text == reference + Each, $"'{distance.Text}' is not '{reference}'[{Each}]");
                    checkedTexts++;
                }
            }
        }

        Assert.True(checkedTexts > 1000, $"only {checkedTexts} distances");
    }

    [Fact]
    public void Distances_compare_by_value_whether_or_not_their_text_was_read()
    {
        foreach (var account in MessyAccounts(300, seed: 3))
        {
            var first = Engine.Score(account, AsOf).UseCases;
            var second = Engine.Score(account, AsOf).UseCases;
            for (var u = 0; u < first.Count; u++)
            {
                if (first[u].DistanceToGreen is not { } lazy)
                {
                    Assert.Null(second[u].DistanceToGreen);
                    continue;
                }

                var other = second[u].DistanceToGreen!;
                Assert.True(lazy.Equals(other));
                Assert.Equal(lazy.GetHashCode(), other.GetHashCode());
                var eager = new DistanceToGreen(lazy.MetricId, lazy.MetricName, lazy.Current, lazy.Target, lazy.Operator, lazy.Text);
                Assert.Equal(eager, lazy);
                Assert.Equal(eager.GetHashCode(), lazy.GetHashCode());
                Assert.Equal(eager.ToString(), other.ToString());
                Assert.NotEqual(eager, lazy with { Text = lazy.Text + "!" });
                Assert.NotEqual(eager, lazy with { Current = lazy.Current + 1 });
            }
        }
    }

    [Fact]
    public void The_record_keeps_the_positional_contract()
    {
        var ci = UseCase(Single("premium", ("ci_builds_28d", 1240)), "ci").DistanceToGreen!;

        // `with` copies the text as it was, like the positional record did: it never follows Current.
        var moved = ci with { Current = 99 };
        Assert.Equal("CI builds per billable user 12.4 -> needs > 40", moved.Text);
        Assert.Equal("set by hand", (ci with { Text = "set by hand" }).Text);

        var (metricId, metricName, current, target, op, text) = ci;
        Assert.Equal(("ci_builds_per_user", "CI builds per billable user", 12.4, 40.0, ">", "CI builds per billable user 12.4 -> needs > 40"),
            (metricId, metricName, current, target, op, text));
        Assert.Equal(
            "DistanceToGreen { MetricId = ci_builds_per_user, MetricName = CI builds per billable user, Current = 12.4, Target = 40, Operator = >, Text = CI builds per billable user 12.4 -> needs > 40 }",
            ci.ToString());

        var built = new DistanceToGreen("m", "Metric", 1, 2, ">", "Metric 1 -> needs > 2");
        Assert.Equal("Metric 1 -> needs > 2", built.Text);
        Assert.Equal(built, new DistanceToGreen("m", "Metric", 1, 2, ">", "Metric 1 -> needs > 2"));
        Assert.False(built.Equals(null));
    }

    [Fact]
    public void The_whole_point_shortcut_picks_the_same_distances_as_adding_the_points_again()
    {
        // The same model with points and bands halved: halving is exact in binary floating point, so every color and
        // distance must be the same, but 12.5 points are not whole, so this engine re-adds a subscription's points
        // metric by metric instead of taking the shortcut.
        var json = System.Text.Json.Nodes.JsonNode.Parse(KpiAndLevelTests.EmbeddedJson("gitlab-current.json"))!.AsObject();
        json["points"] = new System.Text.Json.Nodes.JsonObject { ["red"] = 12.5, ["yellow"] = 31.5, ["green"] = 44 };
        json["bands"] = new System.Text.Json.Nodes.JsonObject { ["greenAbove"] = 37.5, ["yellowAbove"] = 25 };
        var slow = new ScoringEngine(ScoringModel.Load(json.ToJsonString()));
        var compared = 0;
        foreach (var account in MessyAccounts(3000, seed: 31).Concat(CleanAccounts(3000, seed: 37)))
        {
            var fast = Engine.Score(account, AsOf).UseCases;
            var reference = slow.Score(account, AsOf).UseCases;
            for (var u = 0; u < fast.Count; u++)
            {
                Assert.Equal(reference[u].Color, fast[u].Color);
                Assert.Equal(fast[u].Score / 2, reference[u].Score);
                Assert.Equal(reference[u].DistanceToGreen, fast[u].DistanceToGreen);
                Assert.Equal(reference[u].DistanceToGreenNote, fast[u].DistanceToGreenNote);
                compared += account.Subscriptions.Count > 1 && fast[u].DistanceToGreen is not null ? 1 : 0;
            }
        }

        Assert.True(compared > 1000, $"only {compared} distances over several subscriptions");
    }

    /// <summary>What the engine formatted eagerly before: name, current value and target in the metric's unit.</summary>
    private static string Reference(DistanceToGreen distance, UseCaseDefinition useCase)
    {
        var unit = useCase.Metrics.Single(m => m.Id == distance.MetricId).Unit;
        return $"{distance.MetricName} {ScoringEngine.Format(distance.Current, unit)} -> needs {distance.Operator} {ScoringEngine.Format(distance.Target, unit)}";
    }

    /// <summary>1-3 subscriptions of one production instance each, one fresh row, every cell known.</summary>
    internal static IEnumerable<AccountInput> CleanAccounts(int count, int seed)
    {
        var random = new Random(seed);
        for (var a = 0; a < count; a++)
        {
            var subscriptions = new SubscriptionInput[1 + random.Next(3)];
            for (var s = 0; s < subscriptions.Length; s++)
            {
                subscriptions[s] = new SubscriptionInput($"S-{a}-{s}", random.Next(3) == 0 ? "ultimate" : "premium", random.Next(4) == 0 ? 0 : random.Next(1, 100_000),
                    AsOf.AddDays(-random.Next(2000)), [Row($"i-{a}-{s}", RandomValues(random, unknownShare: 0))]);
            }

            yield return new AccountInput($"A-{a}", subscriptions);
        }
    }

    /// <summary>Like the benchmark's accounts: several instances and rows, other instance types, stale rows, unknown cells.</summary>
    internal static IEnumerable<AccountInput> MessyAccounts(int count, int seed)
    {
        var random = new Random(seed);
        string[] types = ["production", "Production", "non-production", "geo-secondary"];
        for (var a = 0; a < count; a++)
        {
            var subscriptions = new SubscriptionInput[1 + random.Next(4)];
            for (var s = 0; s < subscriptions.Length; s++)
            {
                var rows = new List<UsageSnapshot>();
                var instances = 1 + random.Next(3);
                for (var i = 0; i < instances; i++)
                {
                    var type = types[random.Next(types.Length)];
                    for (var r = random.Next(1, 4); r > 0; r--)
                    {
                        rows.Add(new UsageSnapshot($"i-{a}-{s}-{i}", type, AsOf.AddDays(-random.Next(80)), RandomValues(random, unknownShare: 0.05)));
                    }
                }

                subscriptions[s] = new SubscriptionInput($"S-{a}-{random.Next(10)}", random.Next(3) == 0 ? "ultimate" : "premium",
                    random.Next(5) == 0 ? 0 : random.Next(-1000, 100_000), random.Next(10) == 0 ? null : AsOf.AddDays(-random.Next(2000)), rows);
            }

            yield return new AccountInput($"A-{a}", subscriptions);
        }
    }

    private static double?[] RandomValues(Random random, double unknownShare)
    {
        var values = new double?[Model.InputColumns.Count];
        var billable = 1 + random.Next(2000);
        var adoption = random.NextDouble();
        for (var c = 0; c < values.Length; c++)
        {
            values[c] = random.NextDouble() < unknownShare ? null : Math.Round(billable * adoption * random.NextDouble() * (random.Next(4) == 0 ? 60 : 1));
        }

        values[Model.IndexOfInput("billable_users")] = billable;
        values[Model.IndexOfInput("licensed_users")] = billable + random.Next(billable);
        return values;
    }
}
