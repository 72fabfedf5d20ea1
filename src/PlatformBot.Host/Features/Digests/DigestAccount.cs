namespace PlatformBot.Host.Features.Digests;

/// <summary>An account's attributes the filters look at.</summary>
public sealed record DigestAccount(string Id, string Name, string? Segment, string? Region, string? Owner, string? Csm, string[] Plans);
