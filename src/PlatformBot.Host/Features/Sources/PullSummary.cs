namespace PlatformBot.Host.Features.Sources;

/// <summary>Every instance of one pull, each with its outcome.</summary>
public sealed record PullSummary(IReadOnlyList<InstancePull> Instances)
{
    public int Failed => Instances.Count(i => !i.Succeeded);

    public string Line => $"Pulled {Instances.Count} GitLab instance(s): {Instances.Count - Failed} ok, {Failed} failed.";
}
