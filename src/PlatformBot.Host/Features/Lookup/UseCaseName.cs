namespace PlatformBot.Host.Features.Lookup;

public sealed record UseCaseName(string Id, string Name);
