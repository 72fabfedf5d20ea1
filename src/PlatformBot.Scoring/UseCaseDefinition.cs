namespace PlatformBot.Scoring;

public sealed record UseCaseDefinition(
    string Id,
    string Name,
    string Description,
    RollupMode Rollup,
    // Plans the use case applies to; empty = every plan.
    IReadOnlyList<string> Plans,
    IReadOnlyList<MetricDefinition> Metrics)
{
    public bool AppliesTo(string plan)
    {
        if (Plans.Count == 0)
        {
            return true;
        }

        foreach (var p in Plans)
        {
            if (string.Equals(p, plan, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
