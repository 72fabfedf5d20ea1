namespace PlatformBot.Host.Features.Digests;

/// <summary>A titled list; each line may start with a name shown in bold.</summary>
public sealed record DigestList(string Title, IReadOnlyList<DigestLine> Lines, string? More = null) : DigestBlock
{
    public override IEnumerable<string> ToPlainLines()
    {
        yield return Title;
        foreach (var line in Lines)
        {
            yield return "- " + line.PlainText;
        }

        if (More is not null)
        {
            yield return More;
        }
    }
}
