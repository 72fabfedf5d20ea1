namespace PlatformBot.Data.Import;

public readonly record struct ImportProgress(long Rows, long Bytes);
