using System.Reflection;
using System.Text.RegularExpressions;
using NetArchTest.Rules;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Architecture;

/// <summary>
/// ARR visibility has one owner, Features/Access (ADR 0018): the per-surface policies it replaced are gone, and no
/// other code reads the settings that decide it. NetArchTest checks the compiled references; a scan of src/ checks
/// what the compiler cannot see, a configuration key written as a string.
/// </summary>
public sealed partial class ArrVisibilityOwnerTests
{
    private const string Access = "PlatformBot.Host.Features.Access";

    private static readonly Assembly Host = typeof(Program).Assembly;

    /// <summary>The four places that decided ARR before Features/Access, and their options.</summary>
    private static readonly string[] Replaced = ["SlackAccessPolicy", "SlackAccessOptions", "DigestArrPolicy", "DigestArrOptions", "TeamsFeatureOptions"];

    [Fact]
    public void The_old_arr_policies_are_gone()
    {
        var left = Host.GetTypes().Where(t => Replaced.Contains(t.Name)).Select(t => t.FullName).ToList();

        Assert.True(left.Count == 0, "Types that decided ARR outside Features/Access are back: " + string.Join(", ", left));
    }

    [Fact]
    public void Only_features_access_reads_the_arr_settings()
    {
        var result = Types.InAssembly(Host).That().DoNotResideInNamespace(Access)
            .ShouldNot().HaveDependencyOn(typeof(PlatformBot.Host.Features.Access.ArrVisibilityOptions).FullName!)
            .GetResult();

        Assert.True(result.IsSuccessful, "Types outside Features/Access read ArrVisibilityOptions (ask ArrVisibility instead): "
            + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_rule_sees_a_reader_of_the_arr_settings_where_there_is_one()
    {
        // Guards the guard: the same check on Features/Access must fail, since ArrVisibility reads them.
        var result = Types.InAssembly(Host).That().ResideInNamespace(Access)
            .ShouldNot().HaveDependencyOn(typeof(PlatformBot.Host.Features.Access.ArrVisibilityOptions).FullName!)
            .GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void No_source_outside_features_access_names_an_arr_setting()
    {
        var src = Path.Combine(Repository.Root(), "src");
        var access = Path.Combine(src, "PlatformBot.Host", "Features", "Access") + Path.DirectorySeparatorChar;
        var offenders = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(access, StringComparison.Ordinal) && !IsBuildOutput(f))
            .SelectMany(f => Offences(File.ReadAllText(f)).Select(o => $"{Path.GetRelativePath(src, f)}: {o}"))
            .ToList();

        Assert.True(offenders.Count == 0,
            "Only Features/Access may read ArrViewer*/ShowArr settings (decide ARR through ArrVisibility):" + Environment.NewLine
            + string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void The_scan_finds_an_arr_setting_read_in_code_and_ignores_one_named_in_a_comment()
    {
        Assert.NotEmpty(Offences("""var ids = configuration.GetSection("Slack:ArrViewerUserIds").Get<string[]>();"""));
        Assert.NotEmpty(Offences("""    public List<string> ArrViewerAadObjectIds { get; set; } = [];"""));
        Assert.NotEmpty(Offences("""var show = configuration.GetValue<bool>("Preview:ShowArr");"""));
        Assert.NotEmpty(Offences("""    public bool ShowArr { get; set; }"""));
        Assert.Empty(Offences("""    /// <summary>Channels in Slack:ArrViewerChannelIds see amounts.</summary>"""));
        Assert.Empty(Offences("""new DigestRequest(kind, filters, zone, ShowArr: arr.MaySeeArr(target.Audience()))"""));
    }

    /// <summary>
    /// Lines of code (not comments) that name an ARR setting: any <c>ArrViewer…</c> key or property, the
    /// <c>…:ShowArr</c> key, or a settable <c>ShowArr</c> property (an options class bound from configuration).
    /// </summary>
    internal static IEnumerable<string> Offences(string source) =>
        source.Split('\n')
            .Select(line => line.Trim())
            .Where(line => !line.StartsWith("//", StringComparison.Ordinal))
            .Where(line => ArrSetting().IsMatch(line));

    [GeneratedRegex(@"ArrViewer|:ShowArr""|\bShowArr\s*\{\s*get\s*;\s*set", RegexOptions.CultureInvariant)]
    private static partial Regex ArrSetting();

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
}
