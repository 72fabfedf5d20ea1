namespace PlatformBot.Scoring.Tests;

/// <summary>Terse builders for engine inputs under the default model.</summary>
internal static class Build
{
    public static readonly ScoringModel Model = ScoringModel.Default;
    public static readonly ScoringEngine Engine = new(Model);
    public static readonly DateOnly AsOf = new(2026, 11, 20);

    public static double?[] Values(params (string Column, double? Value)[] cells)
    {
        var values = new double?[Model.InputColumns.Count];
        foreach (var (column, value) in cells)
        {
            var i = Model.IndexOfInput(column);
            Assert.True(i >= 0, $"unknown column {column}");
            values[i] = value;
        }

        return values;
    }

    public static UsageSnapshot Row(string instance, double?[] values, DateOnly? date = null, string type = "production") =>
        new(instance, type, date ?? AsOf.AddDays(-4), values);

    public static SubscriptionInput Sub(string id, decimal arr, string plan, params UsageSnapshot[] rows) =>
        new(id, plan, arr, new DateOnly(2020, 1, 1), rows);

    public static AccountInput Account(params SubscriptionInput[] subscriptions) => new("A-1", subscriptions);

    public static AccountScore Score(params SubscriptionInput[] subscriptions) => Engine.Score(Account(subscriptions), AsOf);

    /// <summary>The ARR KPI of (ARR, level) pairs through the one KPI implementation.</summary>
    public static ArrKpi KpiOf(IEnumerable<(decimal Arr, AdoptionLevel Level)> accounts)
    {
        var tally = new KpiTally(Model);
        foreach (var (arr, level) in accounts)
        {
            tally.Add(level.Label, KpiTally.ToCents(arr));
        }

        return tally.ToKpi(AsOf);
    }

    public static UseCaseResult UseCase(AccountScore score, string id) => score.UseCases.Single(u => u.UseCaseId == id);

    /// <summary>A single-subscription account with the given cells (billable_users 100 unless given).</summary>
    public static AccountScore Single(string plan, params (string Column, double? Value)[] cells)
    {
        var all = cells.Any(c => c.Column == "billable_users") ? cells : cells.Append(("billable_users", 100)).ToArray();
        return Score(Sub("S-1", 1000, plan, Row("i-1", Values(all))));
    }
}
