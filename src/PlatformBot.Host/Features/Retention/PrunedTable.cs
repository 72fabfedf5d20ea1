namespace PlatformBot.Host.Features.Retention;

/// <summary>One table's share of a prune: rows deleted (or, on a dry run, that would be) and the rule that chose them.</summary>
public sealed record PrunedTable(string Table, int Rows, string Rule);
