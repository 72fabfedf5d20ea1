namespace PlatformBot.Host.Features.Digests;

/// <summary>What a failed post means for the never-twice guard (ADR 0004) and for the fallbacks.</summary>
public enum PostFailureKind
{
    /// <summary>Provably nothing was posted (refused before sending, throttled throughout, refused outright).</summary>
    NothingPosted,

    /// <summary>The platform may have posted it (timeout, 5xx, internal_error): never repeated, ends "unknown".</summary>
    MaybePosted,

    /// <summary>The channel cannot receive: nothing was posted and the subscription is marked broken.</summary>
    BrokenChannel,

    /// <summary>The content was refused (blocks, card, size): nothing was posted, so the text fallback may go.</summary>
    RejectedContent,
}
