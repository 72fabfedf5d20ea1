namespace PlatformBot.Host.Features.Lookup;

/// <summary>The commands and the model's use cases; <see cref="Note"/> says why help was shown, when it was not asked for.</summary>
public sealed record HelpAnswer(IReadOnlyList<HelpCommand> Commands, IReadOnlyList<UseCaseName> UseCases, string? Note = null) : Answer;
