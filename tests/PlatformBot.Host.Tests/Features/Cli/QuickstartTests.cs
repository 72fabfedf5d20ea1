using System.Diagnostics;
using PlatformBot.Host.Tests.Support;

namespace PlatformBot.Host.Tests.Features.Cli;

/// <summary>
/// README's quickstart as a user types it: `dotnet run --project .../src/PlatformBot.Host -- VERB` from a directory of
/// their own. The Web SDK used to run the program in the project folder, so the store landed in
/// src/PlatformBot.Host/data while README (and a verb typed where the user stands) looked in ./data.
/// </summary>
public sealed class QuickstartTests : IDisposable
{
    private readonly DirectoryInfo _here = Directory.CreateTempSubdirectory("platformbot quickstart ");

    public void Dispose() => _here.Delete(recursive: true);

    [Fact]
    public async Task Dotnet_run_keeps_the_store_in_the_data_folder_of_the_directory_it_is_typed_in()
    {
        var seeded = await DotnetRunAsync("demo", "seed", "--accounts", "20", "--weeks", "1");
        Assert.True(seeded.ExitCode == 0, seeded.Output);

        Assert.True(File.Exists(Path.Combine(_here.FullName, "data", "platformbot.db")), "no store in ./data of " + _here.FullName + ":\n" + seeded.Output);
        var kpi = await DotnetRunAsync("ask", "kpi");
        Assert.True(kpi.ExitCode == 0, kpi.Output);
    }

    /// <summary>The built Release output (--no-build: the test run has just built it), run from <see cref="_here"/>.</summary>
    private async Task<(int ExitCode, string Output)> DotnetRunAsync(params string[] verb)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _here.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "run", "--no-build", "-c", "Release", "--project", Path.Combine(Repository.Root(), "src", "PlatformBot.Host"), "--" }.Concat(verb))
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing from the test process's own settings: the quickstart runs on the defaults.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Storage__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
