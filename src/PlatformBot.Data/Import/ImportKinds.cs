namespace PlatformBot.Data.Import;

public static class ImportKinds
{
    public static bool TryParse(string? text, out ImportKind kind)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "accounts": kind = ImportKind.Accounts; return true;
            case "subscriptions": kind = ImportKind.Subscriptions; return true;
            case "usage": kind = ImportKind.Usage; return true;
            default: kind = default; return false;
        }
    }
}
