namespace PlatformBot.Host.Features.Sources;

/// <summary>A GitLab instance answered with an error status (after any retries): the message says which and why.</summary>
public sealed class GitLabPullException(string message) : Exception(message);
