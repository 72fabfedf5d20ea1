namespace PlatformBot.Host.Features.Lookup;

/// <summary>One level of the ARR KPI. Changes are against the previous stored snapshot date (null when there is none).</summary>
public sealed record KpiLine(string Level, double Share, int Accounts, Money? Arr, double? ShareChangePoints, int? AccountsChange);
