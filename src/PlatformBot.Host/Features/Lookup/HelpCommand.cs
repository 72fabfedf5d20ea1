namespace PlatformBot.Host.Features.Lookup;

public sealed record HelpCommand(string Usage, string Description);
