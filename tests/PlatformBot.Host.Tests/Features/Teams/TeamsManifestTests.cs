using System.Buffers.Binary;
using System.Text.Json;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Tests.Features.Teams;

/// <summary>The Teams app package in manifests/teams: what Teams' upload checks, checked before anyone uploads it.</summary>
public sealed class TeamsManifestTests
{
    private static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "PlatformBot.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("PlatformBot.sln not found above the test output"), "manifests", "teams");
    }

    private static (int Width, int Height, byte ColorType) PngHeader(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)), bytes[25]);
    }

    [Fact]
    public void The_manifest_declares_the_bot_in_all_three_scopes_with_the_chat_commands_under_a_matching_schema()
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder(), "manifest.json")));
        var root = manifest.RootElement;
        var version = root.GetProperty("manifestVersion").GetString();

        Assert.EndsWith($"/v{version}/MicrosoftTeams.schema.json", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var bot = Assert.Single(root.GetProperty("bots").EnumerateArray());
        Assert.Equal(["personal", "team", "groupChat"], bot.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()!));
        var commands = Assert.Single(bot.GetProperty("commandLists").EnumerateArray()).GetProperty("commands").EnumerateArray().ToList();
        Assert.InRange(commands.Count, 1, 10);
        Assert.All(commands, c => Assert.InRange(c.GetProperty("description").GetString()!.Length, 1, 128));

        // Every command in the menu is one the bot answers (help lists them all).
        var known = LookupService.Commands.Select(c => c.Usage.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(commands, c => Assert.Contains(c.GetProperty("title").GetString()!, known));
        Assert.Equal("color.png", root.GetProperty("icons").GetProperty("color").GetString());
        Assert.Equal("outline.png", root.GetProperty("icons").GetProperty("outline").GetString());
    }

    [Fact]
    public void The_icons_are_a_192_pixel_colour_png_and_a_32_pixel_outline_with_an_alpha_channel()
    {
        Assert.Equal(192, PngHeader(Path.Combine(Folder(), "color.png")).Width);
        Assert.Equal(192, PngHeader(Path.Combine(Folder(), "color.png")).Height);
        var outline = PngHeader(Path.Combine(Folder(), "outline.png"));
        Assert.Equal((32, 32), (outline.Width, outline.Height));
        Assert.Equal(6, outline.ColorType); // RGBA: the transparent background Teams requires
    }
}
