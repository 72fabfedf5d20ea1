namespace PlatformBot.Host.Features.Lookup;

public abstract record Answer;
