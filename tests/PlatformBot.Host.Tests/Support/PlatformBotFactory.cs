using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace PlatformBot.Host.Tests.Support;

/// <summary>The real host (WebApplicationFactory) on a fresh SQLite store in a temp folder.</summary>
public class PlatformBotFactory : WebApplicationFactory<Program>
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("platformbot-host-");
    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal);

    public PlatformBotFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public string DataDirectory => _directory.FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", _directory.FullName);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new LoopbackConnectionFilter()));
    }

    /// <summary>
    /// TestServer has no socket, so a request has no remote address; it does come from this process, i.e. loopback,
    /// which is what the loopback-only preview checks. A real listener (Kestrel) sets its own address and is left alone.
    /// </summary>
    private sealed class LoopbackConnectionFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(nextMiddleware => context =>
            {
                context.Connection.RemoteIpAddress ??= IPAddress.Loopback;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                _directory.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a pooled handle may outlive the host for a moment; the temp folder is harmless
            }
        }
    }
}

/// <summary>Runs the built `platformbot` executable as a user would, with its own environment.</summary>
public static class Cli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    public static Task<Result> RunAsync(string dataDirectory, params string[] args) => RunAsync(dataDirectory, null, args);

    /// <param name="environment">More environment variables, e.g. Storage__Provider and ConnectionStrings__PlatformBot for a server store.</param>
    public static Task<Result> RunAsync(string dataDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunInAsync(null, new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["Storage__DataDirectory"] = dataDirectory }, args);

    /// <summary>Runs the executable in a working directory of the test's choosing, with only the given settings (no data directory).</summary>
    public static async Task<Result> RunInAsync(string? workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "platformbot.dll");
        var start = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // e.g. a verb that starts serving instead of exiting: do not leave it holding a port
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
