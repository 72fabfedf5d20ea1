namespace PlatformBot.Host.Features.Lookup;

/// <summary>A metric's formula in words and its bands, each band as a condition ("&lt;= 10%", "> 10% and &lt;= 33%", "> 33%").</summary>
public sealed record ExplainMetric(string Name, string Formula, string Red, string Yellow, string Green, bool HigherIsBetter);
