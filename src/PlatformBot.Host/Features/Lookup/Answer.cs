using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Lookup;

public abstract record Answer;
