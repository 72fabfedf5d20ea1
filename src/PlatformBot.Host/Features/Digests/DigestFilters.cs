using PlatformBot.Data.Entities;

namespace PlatformBot.Host.Features.Digests;

/// <summary>Which accounts a digest covers. Null = no restriction. Owner and CSM are e-mail addresses.</summary>
public sealed record DigestFilters(string? Segment = null, string? Region = null, string? Owner = null, string? Csm = null, string? Plan = null, string? UseCase = null)
{
    public static DigestFilters None { get; } = new();

    public bool IsEmpty => this == None;

    public static DigestFilters From(DigestSubscription s) => new(s.Segment, s.Region, s.OwnerEmail, s.CsmEmail, s.Plan, s.UseCase);

    /// <summary>"segment=enterprise region=emea", or "all accounts": every message states its filters.</summary>
    public string Describe()
    {
        var parts = new List<string>(6);
        Add(parts, "segment", Segment);
        Add(parts, "region", Region);
        Add(parts, "owner", Owner);
        Add(parts, "csm", Csm);
        Add(parts, "plan", Plan);
        Add(parts, "usecase", UseCase);
        return parts.Count == 0 ? "all accounts" : string.Join(' ', parts);
    }

    /// <summary>A stable key: subscriptions with equal filters share the filtered account set.</summary>
    public string Key => Describe().ToLowerInvariant();

    private static void Add(List<string> parts, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            parts.Add(key + "=" + value);
        }
    }
}
