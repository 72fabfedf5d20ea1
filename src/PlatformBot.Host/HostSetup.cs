using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging.Console;
using PlatformBot.Host.Features.Cli;
using PlatformBot.Host.Features.Export;

namespace PlatformBot.Host;

internal static class HostSetup
{
    /// <summary>
    /// Serving builds the web host (Kestrel, routing, middleware, endpoints). A verb only reads or writes the store, so
    /// it is composed on the plain generic host instead: the same configuration, logging and feature registrations,
    /// without building the web stack it would never use - most of a verb's start-up was loading its types (ADR 0030).
    /// </summary>
    public static IHostApplicationBuilder CreatePlatformBotBuilder(CommandLineStart start)
    {
        if (start.Serves)
        {
            return WebApplication.CreateBuilder(new WebApplicationOptions { Args = start.HostArgs });
        }

        // The web builder also reads ASPNETCORE_-prefixed variables (ASPNETCORE_ENVIRONMENT picks appsettings.{Environment}.json
        // and user-secrets): a verb reads them the same way, in the same place (before DOTNET_ ones).
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("ASPNETCORE_");
        return Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = start.HostArgs, Configuration = configuration });
    }

    /// <summary>
    /// One provider for the binary's folder per process, never disposed: a provider per host would keep a file
    /// watcher (an inotify instance on Linux, 128 per user by default) for every host a process builds, as tests do.
    /// </summary>
    private static readonly Lazy<PhysicalFileProvider> BinaryFolder = new(() => new PhysicalFileProvider(AppContext.BaseDirectory));

    /// <summary>
    /// Configuration never depends on the working directory: appsettings.json and appsettings.{Environment}.json are
    /// read from the binary's folder (ASP.NET Core reads them from the content root, which is the working directory),
    /// and a `--config FILE` is added right after them, so user-secrets, environment variables and the command line
    /// still win over it (docs/configuration.md states the order; ADR 0020).
    /// </summary>
    public static IHostApplicationBuilder AddPlatformBotConfiguration(this IHostApplicationBuilder builder, string? configFile)
    {
        var sources = builder.Configuration.Sources;
        var binary = BinaryFolder.Value;
        string[] shipped = ["appsettings.json", $"appsettings.{builder.Environment.EnvironmentName}.json"];
        var after = -1;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json && shipped.Contains(path, StringComparer.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource { Path = path, Optional = json.Optional, ReloadOnChange = json.ReloadOnChange, FileProvider = binary };
                after = i;
            }
        }

        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            var file = new JsonConfigurationSource
            {
                Path = Path.GetFileName(full),
                Optional = false,
                ReloadOnChange = false,
                FileProvider = new PhysicalFileProvider(Path.GetDirectoryName(full)!),
            };
            sources.Insert(after + 1, file);
        }

        return builder;
    }

    /// <summary>
    /// Commands keep stdout for their output: logs go to stderr, and only warnings unless asked (--verbose: debug).
    /// A failing EF command is not logged by a verb: the failure reaches the user once, as the verb's one-line error.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformBotLogging(this IHostApplicationBuilder builder, bool isCommand, bool verbose)
    {
        if (isCommand)
        {
            var level = verbose ? LogLevel.Debug : LogLevel.Warning;
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.SetMinimumLevel(level);
            builder.Logging.AddFilter(category: null, level);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", verbose ? LogLevel.Information : LogLevel.Error);
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", verbose ? LogLevel.Information : LogLevel.None);
        }
        else if (verbose)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
        }

        // EF logs a connection it could not open as an error, and then throws the same failure: a database that does
        // not exist yet (the first `migrate` creates it) or a server that is down. Whoever meets the exception reports
        // it (a verb's or start-up's one line, a request's or a job's error log), so EF's copy is left out.
        if (!verbose)
        {
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Connection", LogLevel.None);
        }
        else
        {
            builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        }

        return builder;
    }

    public static IServiceCollection AddExport(this IServiceCollection services) => services.AddSingleton<ScoreExport>();

    public static IServiceCollection AddStartupChecks(this IServiceCollection services) => services.AddHostedService<StartupChecks>();
}
