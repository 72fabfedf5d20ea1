namespace PlatformBot.Host.Features.Digests;

public sealed record DigestNote(string Text) : DigestBlock
{
    public override IEnumerable<string> ToPlainLines()
    {
        yield return Text;
    }
}
