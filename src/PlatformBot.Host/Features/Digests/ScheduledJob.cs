using Quartz;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// A job another feature runs on the digests' scheduler (in-memory on SQLite, clustered on servers), given the
/// scoring time zone. The feature registers it as a singleton before <c>AddDigests</c>; the digests add every one to
/// the scheduler they configure, without knowing the feature (so the dependency points from it to Digests only).
/// </summary>
public sealed record ScheduledJob(Action<IQuartzBuilder, TimeZoneInfo> AddTo);
