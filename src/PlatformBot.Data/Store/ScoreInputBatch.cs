using PlatformBot.Scoring;

namespace PlatformBot.Data.Store;

/// <summary>
/// The engine's inputs for a run of accounts, in ordinal account-id order, and the usage rows read for them whose
/// stored metric cells do not decode (those cells count as unknown).
/// </summary>
public sealed record ScoreInputBatch(IReadOnlyList<AccountInput> Accounts, IReadOnlyList<UnreadableUsageRow> UnreadableUsageRows);
