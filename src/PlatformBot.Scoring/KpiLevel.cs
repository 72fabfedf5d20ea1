namespace PlatformBot.Scoring;

/// <summary>One level's share of ARR in the KPI.</summary>
public sealed record KpiLevel(string Level, decimal Arr, double Share, int Accounts);
