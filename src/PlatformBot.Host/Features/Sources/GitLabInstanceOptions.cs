namespace PlatformBot.Host.Features.Sources;

/// <summary>One GitLab instance to pull (Sources:GitLab:Instances:NAME).</summary>
public sealed class GitLabInstanceOptions
{
    /// <summary>The instance's address, e.g. https://gitlab.example.com (the API path is added).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// A personal access token with the read_service_ping scope, sent as PRIVATE-TOKEN. From the environment or
    /// user-secrets only: start-up refuses one written in a JSON settings file. Never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Optional: the subscription this instance's usage counts under, instead of the payload's license subscription id.</summary>
    public string? SubscriptionId { get; set; }
}
