namespace PlatformBot.Host.Features.Teams;

/// <summary>Teams settings of the bot itself (section <c>Teams</c>, next to the adapter's <see cref="PlatformBot.Teams.TeamsOptions"/>).</summary>
public sealed class TeamsFeatureOptions
{
    /// <summary>Entra object ids (aadObjectId) of users who may see ARR. Empty = nobody: the policy fails closed.</summary>
    public List<string> ArrViewerAadObjectIds { get; set; } = [];
}
