namespace PlatformBot.Data.Storage;

public enum BulkColumnType
{
    Text,
    BigInt,
    SmallNumber,
    Real,
    Date,
    TimestampUtc,
}
