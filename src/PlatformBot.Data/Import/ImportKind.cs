namespace PlatformBot.Data.Import;

public enum ImportKind
{
    Accounts,
    Subscriptions,
    Usage,
}
