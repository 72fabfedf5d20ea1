namespace PlatformBot.Host.Features.Lookup;

public sealed record ErrorAnswer(string Message) : Answer;
