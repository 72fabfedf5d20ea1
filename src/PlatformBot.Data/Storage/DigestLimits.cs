namespace PlatformBot.Data.Storage;

/// <summary>Column lengths of the digest tables (Teams ids and service URLs are long).</summary>
public static class DigestLimits
{
    public const int Channel = 256;
    public const int Conversation = 512;
    public const int Url = 512;
}
