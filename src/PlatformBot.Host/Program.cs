using PlatformBot.Data.Storage;
using PlatformBot.Host;
using PlatformBot.Host.Features.Accounts;
using PlatformBot.Host.Features.Audit;
using PlatformBot.Host.Features.Cli;
using PlatformBot.Host.Features.Demo;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Export;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Host.Features.Retention;
using PlatformBot.Host.Features.Scoring;

// One executable: with a verb it runs that operation (`platformbot import usage usage.csv`), without one it serves the bot.
var isCommand = PlatformBotCommandLine.IsVerb(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = isCommand ? HostArgs.ForCommand : HostArgs.ForServer(args) });
builder.AddPlatformBotLogging(isCommand);

builder.Services
    .AddSingleton(TimeProvider.System)
    .AddPlatformBotData(builder.Configuration)
    .AddScoring(builder.Configuration)
    .AddAudit()
    .AddLookup(builder.Configuration)
    .AddImport(builder.Configuration)
    .AddExport()
    .AddDemo()
    .AddRetention(builder.Configuration)
    .AddDigests(builder.Configuration)
    .AddAccounts()
    .AddTeamsFeature(builder.Configuration)
    .AddSlackFeature(builder.Configuration)
    .AddPreview(builder.Configuration, builder.Environment)
    .AddStartupChecks()
    .AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapImport();
app.MapDigests();
app.MapTeams();
app.MapSlack();
app.MapPreview();

return await PlatformBotCommandLine.InvokeAsync(app, args);

/// <summary>Visible to the integration tests (WebApplicationFactory).</summary>
public sealed partial class Program;
