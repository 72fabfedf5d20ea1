namespace PlatformBot.Teams;

/// <summary>Problems found in a card or card message. Errors mean "do not send"; warnings are worth a look.</summary>
/// <param name="MessageBytes">Size as Teams counts it: the serialized activity without data: URI images.</param>
/// <param name="TotalBytes">The whole serialized activity, inline images included.</param>
public sealed record AdaptiveCardValidationResult(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings, int MessageBytes, int TotalBytes)
{
    public bool IsValid => Errors.Count == 0;
}
