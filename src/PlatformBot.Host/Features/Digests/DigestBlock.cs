namespace PlatformBot.Host.Features.Digests;

public abstract record DigestBlock
{
    public abstract IEnumerable<string> ToPlainLines();
}
