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
            case "instance-map": kind = ImportKind.InstanceMap; return true;
            default: kind = default; return false;
        }
    }

    /// <summary>"accounts", "subscriptions", "usage", "instance-map".</summary>
    public static string Name(ImportKind kind) => kind == ImportKind.InstanceMap ? "instance-map" : kind.ToString().ToLowerInvariant();

    /// <summary>Kinds a file may state the whole truth of (--replace): the others are history or a lookup table.</summary>
    public static bool Replaceable(ImportKind kind) => kind is ImportKind.Accounts or ImportKind.Subscriptions;
}
