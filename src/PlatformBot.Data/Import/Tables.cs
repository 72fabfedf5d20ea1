using PlatformBot.Data.Storage;

namespace PlatformBot.Data.Import;

/// <summary>The bulk shapes of the tables the importer writes (column order matters).</summary>
internal static class Tables
{
    public static readonly BulkTable Accounts = new("accounts",
    [
        new("account_id", BulkColumnType.Text), new("name", BulkColumnType.Text), new("name_key", BulkColumnType.Text),
        new("segment", BulkColumnType.Text), new("region", BulkColumnType.Text), new("csm", BulkColumnType.Text),
        new("owner", BulkColumnType.Text), new("updated_at_utc", BulkColumnType.TimestampUtc), new("archived_at_utc", BulkColumnType.TimestampUtc),
    ], ["account_id"]);

    public static readonly BulkTable Subscriptions = new("subscriptions",
    [
        new("subscription_id", BulkColumnType.Text), new("account_id", BulkColumnType.Text), new("plan", BulkColumnType.Text),
        new("arr_cents", BulkColumnType.BigInt), new("delivery", BulkColumnType.Text), new("customer_since", BulkColumnType.Date),
        new("updated_at_utc", BulkColumnType.TimestampUtc), new("end_date", BulkColumnType.Date),
    ], ["subscription_id"]);

    public static readonly BulkTable UsageRows = new("usage_rows",
    [
        new("instance_id", BulkColumnType.Text), new("snapshot_date", BulkColumnType.Date), new("subscription_id", BulkColumnType.Text),
        new("instance_type", BulkColumnType.Text), new("metrics", BulkColumnType.Text),
    ], ["instance_id", "snapshot_date"]);

    public static readonly BulkTable Instances = new("instances",
    [
        new("instance_id", BulkColumnType.Text), new("subscription_id", BulkColumnType.Text), new("instance_type", BulkColumnType.Text),
        new("last_snapshot_date", BulkColumnType.Date),
    ], ["instance_id"], OnlyIfNewer: "last_snapshot_date");

    public static readonly BulkTable InstanceMap = new("instance_map",
    [
        new("instance_id", BulkColumnType.Text), new("subscription_id", BulkColumnType.Text), new("updated_at_utc", BulkColumnType.TimestampUtc),
    ], ["instance_id"]);
}
