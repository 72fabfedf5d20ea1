namespace PlatformBot.Host.Features.Lookup;

/// <summary>No account matches; <see cref="Suggestions"/> (up to 3) are "did you mean".</summary>
public sealed record NotFoundAnswer(string Query, IReadOnlyList<AccountChoice> Suggestions) : Answer;
