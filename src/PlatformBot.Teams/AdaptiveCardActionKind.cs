namespace PlatformBot.Teams;

public enum AdaptiveCardActionKind
{
    /// <summary>Action.Submit: arrives as a message activity whose value is the action data merged with inputs.</summary>
    Submit,

    /// <summary>Action.Execute: arrives as an <c>adaptiveCard/action</c> invoke and must be answered synchronously.</summary>
    Execute,
}
