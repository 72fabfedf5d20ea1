namespace PlatformBot.Data.Storage;

public sealed record BulkColumn(string Name, BulkColumnType Type);
