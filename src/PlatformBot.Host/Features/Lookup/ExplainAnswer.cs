namespace PlatformBot.Host.Features.Lookup;

public sealed record ExplainAnswer(
    string UseCaseId,
    string Name,
    string Description,
    IReadOnlyList<ExplainMetric> Metrics,
    // e.g. "Green when the mean of its metric points is > 75 (...): two green and one at least yellow."
    string HowItTurnsGreen,
    // How several subscriptions of one account combine.
    string AcrossSubscriptions,
    // "every plan" or e.g. "ultimate only".
    string AppliesTo,
    string ModelVersion) : Answer;
