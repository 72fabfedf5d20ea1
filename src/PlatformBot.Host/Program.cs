using PlatformBot.Data.Storage;
using PlatformBot.Host;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Accounts;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Cli;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Health;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Retention;
using PlatformBot.Host.Features.Scoring;
using PlatformBot.Host.Features.Telemetry;
using PlatformBot.Host.Features.Sources;

// One executable: with a verb it runs that operation (`platformbot import usage usage.csv`), without one it serves the bot.
// A word that is no verb, or a --config file that is not there, is refused before anything below is composed.
var start = CommandLineStart.Read(args, PlatformBotCommandLine.Verbs);
if (PlatformBotCommandLine.Refuses(start) is { } refused)
{
    return refused;
}

var builder = HostSetup.CreatePlatformBotBuilder(start);
builder.AddPlatformBotConfiguration(start.ConfigFile);
builder.AddPlatformBotLogging(!start.Serves, start.Verbose);

builder.Services
    .AddSingleton(TimeProvider.System)
    .AddTelemetry(builder.Configuration)
    .AddPlatformBotData(builder.Configuration)
    .AddScoring(builder.Configuration)
    .AddAudit()
    .AddAccess(builder.Configuration)
    .AddLookup(builder.Configuration)
    .AddImport(builder.Configuration)
    .AddSources(builder.Configuration)
    .AddExport()
    .AddDemo()
    .AddRetention(builder.Configuration)
    .AddDigests(builder.Configuration)
    .AddAccounts()
    .AddTeamsFeature(builder.Configuration)
    .AddSlackFeature(builder.Configuration)
    .AddPreview(builder.Configuration, builder.Environment)
    .AddStartupChecks()
    .AddHealth()
    .AddProblemDetails();

// A verb runs on the host it was composed on; only serving builds the web application below (ADR 0030).
if (builder is HostApplicationBuilder verbHost)
{
    return await PlatformBotCommandLine.InvokeAsync(verbHost.Build(), start, args);
}

var app = ((WebApplicationBuilder)builder).Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.MapHealth();
app.MapApi()
    .MapImport()
    .MapServicePing()
    .MapDigests();
app.MapTeams();
app.MapSlack();
app.MapPreview();

return await PlatformBotCommandLine.InvokeAsync(app, start, args);

/// <summary>Visible to the integration tests (WebApplicationFactory).</summary>
public sealed partial class Program;
