using System.Text.RegularExpressions;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Architecture;

/// <summary>
/// The documentation stands alone: every relative link in README.md, docs/ and manifests/ leads to a file or folder
/// of this repository (issue 12 found two docs pointing at a specification that was never in it).
/// </summary>
public sealed partial class DocumentationLinkTests
{
    [Fact]
    public void Every_relative_markdown_link_resolves_to_a_file_in_the_repository()
    {
        var root = Repository.Root();
        var documents = Documents(root);

        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var document in documents)
        {
            foreach (Match link in MarkdownLink().Matches(File.ReadAllText(document)))
            {
                var target = link.Groups["target"].Value;
                if (target.StartsWith('#') || target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                {
                    continue;
                }

                checkedLinks++;
                var path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(document)!, Uri.UnescapeDataString(target.Split('#')[0])));
                var inside = path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
                if (!inside || !(File.Exists(path) || Directory.Exists(path)))
                {
                    broken.Add($"{Path.GetRelativePath(root, document)}: {target}");
                }
            }
        }

        Assert.True(checkedLinks > 10, "no links were checked");
        Assert.True(broken.Count == 0, "links that lead nowhere in the repository:\n" + string.Join('\n', broken));
    }

    /// <summary>A document named in plain text ("see the table in scoring-methodology.md") must exist too.</summary>
    [Fact]
    public void Every_markdown_file_named_in_the_documentation_is_in_the_repository()
    {
        var root = Repository.Root();
        var present = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(Path.GetFileName)
            .ToHashSet(StringComparer.Ordinal);

        var missing = Documents(root)
            .SelectMany(d => MarkdownFileName().Matches(File.ReadAllText(d)).Select(m => (Document: d, Name: m.Value)))
            .Where(x => !present.Contains(Path.GetFileName(x.Name)))
            .Select(x => $"{Path.GetRelativePath(root, x.Document)}: {x.Name}")
            .ToList();

        Assert.True(missing.Count == 0, "documents named that are not in the repository:\n" + string.Join('\n', missing));
    }

    private static List<string> Documents(string root)
    {
        var documents = new[] { Path.Combine(root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "manifests"), "*.md", SearchOption.AllDirectories))
            .ToList();
        Assert.True(documents.Count > 10, "the documents were not found");
        return documents;
    }

    /// <summary>[text](target) and ![alt](target), with an optional "title"; a target in angle brackets is taken without them.</summary>
    [GeneratedRegex(@"!?\[[^\]]*\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"(?<![\w./-])[\w./-]+\.md\b")]
    private static partial Regex MarkdownFileName();
}
