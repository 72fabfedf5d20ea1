using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Health;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Import;
using Quartz;

namespace PlatformBot.Host.Features.Sources;

/// <summary>Data in from where it lives: Service Ping payloads (CLI, HTTP), the weekly pull from GitLab instances, and warehouse/CRM queries (Sources:Sql).</summary>
public static class SourcesSetup
{
    public static IServiceCollection AddSources(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GitLabOptions>().Bind(configuration.GetSection(GitLabOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GitLabOptions>>(sp => new GitLabOptionsValidator(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SourceRunLog>();
        services.AddSingleton<ServicePingImporter>();
        services.AddSingleton<GitLabPuller>();
        services.AddOptions<SqlSourcesOptions>().Configure(o => configuration.GetSection(SqlSourcesOptions.Section).Bind(o.Sources)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SqlSourcesOptions>>(sp => new SqlSourcesOptionsValidator(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<SqlSourceRunner>();
        services.AddHealthChecks().AddCheck<SourceFreshnessHealthCheck>("sources", HealthStatus.Degraded, [HealthSetup.ReadyTag]);
        services.AddHttpClient(GitLabPuller.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate });

        // The weekly pull runs on the digests' scheduler (registered before AddDigests configures it), like the prune.
        services.AddSingleton(new ScheduledJob((quartz, zone) => AddPullJob(quartz, configuration, zone)));
        services.AddSingleton(new ScheduledJob((quartz, zone) => AddSqlSourceJobs(quartz, configuration, zone)));
        return services;
    }

    /// <summary>One job per scheduled SQL source (by default before the weekly scoring, as the GitLab pull).</summary>
    private static void AddSqlSourceJobs(IQuartzBuilder quartz, IConfiguration configuration, TimeZoneInfo zone)
    {
        SqlSourcesOptions settings;
        try
        {
            settings = SqlSourcesOptions.Read(configuration);
        }
        catch (InvalidOperationException)
        {
            return; // a value that does not convert: the options' validation reports it at start-up, naming the key
        }

        foreach (var (name, source) in settings.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(source.Schedule) || !CronExpression.TryParse(source.Schedule, out _))
            {
                continue; // by hand only, or a bad expression that the options validator reports at start-up
            }

            quartz.AddJob<SqlSourceJob>(j => j.WithIdentity(SqlSourceJob.Key(name)).StoreDurably().DisallowConcurrentExecution()
                .UsingJobData(SqlSourceJob.SourceKey, name)
                .WithDescription($"Runs the SQL source {name} ({SqlSourcesOptions.Section}:{name}) and imports its rows."));
            quartz.AddTrigger<IJob>(t => t
                .WithIdentity(SqlSourceRunner.SourceName(name), DigestScheduler.Group)
                .ForJob(SqlSourceJob.Key(name))
                .WithSchedule(CronScheduleBuilder.Create(source.Schedule).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        }
    }

    private static void AddPullJob(IQuartzBuilder quartz, IConfiguration configuration, TimeZoneInfo zone)
    {
        var settings = CompositionSettings.Read<GitLabOptions>(configuration, GitLabOptions.Section);
        if (settings.Instances.Count == 0 || string.IsNullOrWhiteSpace(settings.Schedule) || !CronExpression.TryParse(settings.Schedule, out _))
        {
            return; // nothing to pull, none wanted, or a bad expression that the options validator reports at start-up
        }

        quartz.AddJob<GitLabPullJob>(j => j.WithIdentity(GitLabPullJob.Key).StoreDurably().DisallowConcurrentExecution()
            .WithDescription("Pulls every GitLab instance's Service Ping before the weekly scoring."));
        quartz.AddTrigger<IJob>(t => t
            .WithIdentity("gitlab-pull", DigestScheduler.Group)
            .ForJob(GitLabPullJob.Key)
            .WithSchedule(CronScheduleBuilder.Create(settings.Schedule).InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
    }

    /// <summary>POST /api/v1/import/service-ping: one payload per request (gzip with Content-Encoding: gzip), on the API group (its key and rate limit).</summary>
    public static RouteGroupBuilder MapServicePing(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapPost("/import/service-ping", ImportAsync).WithName("IngestServicePing").DisableAntiforgery();
        return api;
    }

    private static async Task<IResult> ImportAsync(HttpContext http, ServicePingImporter importer, IOptions<IngestOptions> options, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxBodyBytes;
        if (http.Request.ContentLength > max)
        {
            return TooLarge(max);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = max;
        }

        if (ServicePingBody.Decode(http.Request) is not { } decoded)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Content-Encoding",
                detail: $"Send the payload as is, or gzip-compressed with Content-Encoding: gzip (got '{http.Request.Headers.ContentEncoding}').");
        }

        // The limit holds for what the body inflates to as well: a small gzip body may inflate to gigabytes.
        await using var inflater = ReferenceEquals(decoded, http.Request.Body) ? null : decoded;
        await using var bounded = new BoundedReadStream(decoded, max);
        try
        {
            var result = await importer.ImportAsync(bounded, "service-ping:api", ServicePingImporter.Kind, ApiCaller.Of(http).Actor, "api", null, cancellationToken);
            return Results.Ok(new
            {
                instance_id = result.InstanceId,
                snapshot_date = result.SnapshotDate,
                subscription_id = result.Subscription.Id,
                subscription_from = result.Subscription.From,
                version = result.Version,
                known_columns = result.Values.Where(v => v.Value is not null).Select(v => new { column = v.Column, path = v.Path }),
                unknown_columns = result.Values.Where(v => v.Value is null).Select(v => v.Column),
            });
        }
        catch (ServicePingException ex) when (ex.TooLarge)
        {
            return TooLarge(max);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(max);
        }
        catch (ServicePingException ex)
        {
            return Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "The Service Ping payload was refused; nothing was imported",
                detail: ex.Message, extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { ["path"] = ex.JsonPath, ["problem"] = ex.Problem });
        }
        catch (InvalidDataException ex)
        {
            // GZipStream's complaint: the body said gzip and is not.
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is not valid gzip; nothing was imported", detail: ex.Message);
        }
    }

    private static IResult TooLarge(long max) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The payload is too large",
            detail: $"The limit is {max} bytes (Ingest:MaxBodyBytes), for the body and for what a gzip body inflates to.");
}
