namespace PlatformBot.Host.Features.Lookup;

/// <summary>An account whose level changed; <see cref="Arr"/> only for viewers who may see ARR.</summary>
public sealed record Mover(string AccountId, string Name, string FromLevel, string ToLevel, int Steps, Money? Arr);
