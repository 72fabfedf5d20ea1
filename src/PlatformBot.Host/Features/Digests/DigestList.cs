namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// A titled list; each line may start with a name shown in bold. <see cref="Key"/> names the list within its digest
/// ("up", "turned-green"); <see cref="ShowAll"/> is set when the list was cut, and lets a reader ask for the rest.
/// </summary>
public sealed record DigestList(string Title, IReadOnlyList<DigestLine> Lines, string? More = null, string? Key = null, DigestShowAll? ShowAll = null) : DigestBlock
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
