using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
using PlatformBot.Host.Features.Import;
using PlatformBot.Host.Features.Scoring;
using Quartz;

namespace PlatformBot.Host.Features.Digests;

public static class DigestsSetup
{
    /// <summary>
    /// Subscriptions, the digest builders and renderers, the guarded sender, and Quartz: in-memory on SQLite
    /// (never clustered; missed digests are caught up on start), clustered on Quartz's ADO.NET store on SQL
    /// Server and PostgreSQL (tables from our migrations; Digests:Clustered, default true there).
    /// </summary>
    public static IServiceCollection AddDigests(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DigestOptions>().Bind(configuration.GetSection(DigestOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DigestOptions>, DigestOptionsValidator>();

        // The platforms come from the Slack and Teams features: each registers its IDigestChannel (AddSlackFeature /
        // AddTeamsFeature), which records a clear failure when its platform is not configured. Digests knows neither.
        services.AddOptions<DigestArrOptions>().Configure(o => DigestArrOptions.Bind(o, configuration));
        services.AddSingleton<DigestArrPolicy>();
        services.AddSingleton<ChannelPacer>();
        services.AddSingleton<DigestScheduleSignal>();
        services.AddSingleton<SubscriptionService>();
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<DigestDataLoader>();
        services.AddSingleton<DigestBuilder>();
        services.AddSingleton<WeekSnapshotGuard>();
        services.AddSingleton<DigestChannels>();
        services.AddSingleton<DigestAlerts>();
        services.AddSingleton<DigestSender>();
        services.AddSingleton<DigestScheduler>();
        services.AddSingleton<DigestPreview>();
        services.AddHostedService<DigestScheduleService>();

        var storage = CompositionSettings.Read<StorageOptions>(configuration, StorageOptions.Section);
        var digests = CompositionSettings.Read<DigestOptions>(configuration, DigestOptions.Section);
        var clustered = storage.Provider != StorageProvider.Sqlite && (digests.Clustered ?? true);
        var connectionString = configuration.GetConnectionString(StorageOptions.ConnectionStringName);
        var scoringZone = configuration[$"{ScoringOptions.Section}:{nameof(ScoringOptions.TimeZone)}"] is { Length: > 0 } zone ? zone : "Etc/UTC";

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "platformbot";
                o.GenerateInstanceId = clustered;
            });
            if (clustered && !string.IsNullOrWhiteSpace(connectionString))
            {
                q.UsePersistentStore(store =>
                {
                    if (storage.Provider == StorageProvider.Postgres)
                    {
                        store.UsePostgres(connectionString);
                    }
                    else
                    {
                        store.UseSqlServer(connectionString);
                    }

                    store.UseClustering(c =>
                    {
                        c.CheckinInterval = TimeSpan.FromSeconds(10);
                        c.CheckinMisfireThreshold = TimeSpan.FromSeconds(30);
                    });
                    store.ConfigureStore(o =>
                    {
                        o.StoreJobDataAsStrings = true;
                        o.MisfireThreshold = digests.MisfireThreshold;
                    });
                });
            }
            else
            {
                q.UseInMemoryStore(o => o.MisfireThreshold = digests.MisfireThreshold);
            }

            q.AddJob<DigestJob>(j => j.WithIdentity(DigestJob.Key).StoreDurably().WithDescription("Sends one subscription's digest (guarded by the delivery table)."));
            if (!string.IsNullOrWhiteSpace(digests.ScoringSchedule) && CronExpression.TryParse(digests.ScoringSchedule, out _))
            {
                q.AddJob<WeeklyScoringJob>(j => j.WithIdentity(WeeklyScoringJob.Key).StoreDurably().DisallowConcurrentExecution()
                    .WithDescription("Stores the week's score snapshot before the digests go out."));
                q.AddTrigger<IJob>(t => t
                    .WithIdentity("weekly-scoring", DigestScheduler.Group)
                    .ForJob(WeeklyScoringJob.Key)
                    .WithSchedule(CronScheduleBuilder.Create(digests.ScoringSchedule)
                        .InTimeZone(TimeZoneInfo.TryFindSystemTimeZoneById(scoringZone, out var tz) ? tz : TimeZoneInfo.Utc)
                        .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            }

            var jobZone = TimeZoneInfo.TryFindSystemTimeZoneById(scoringZone, out var otherZone) ? otherZone : TimeZoneInfo.Utc;
            foreach (var job in services.Select(d => d.ImplementationInstance).OfType<ScheduledJob>().ToList())
            {
                job.AddTo(q, jobZone);
            }
        });

        // After the application started: StartupChecks has by then verified the store (and refused pending migrations).
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
            o.AutoStart = digests.SchedulerEnabled;
        });
        return services;
    }

    /// <summary>GET /api/v1/digests/deliveries: the delivery log, behind the ingest API key (X-Api-Key).</summary>
    public static IEndpointRouteBuilder MapDigests(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/digests/deliveries", DeliveriesAsync).WithName("DigestDeliveries");
        return app;
    }

    private static async Task<IResult> DeliveriesAsync(
        HttpContext http, DeliveryLedger ledger, IOptions<IngestOptions> ingest, long? subscription, string? status, int? limit, CancellationToken cancellationToken)
    {
        var keys = ingest.Value.ApiKeys;
        if (keys.Count == 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "The delivery log API is disabled", detail: "No Ingest:ApiKeys are configured on this server.");
        }

        if (!KeyMatches(keys, http.Request.Headers["X-Api-Key"].ToString()))
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Missing or invalid API key", detail: "Send a configured key in the X-Api-Key header.");
        }

        var rows = await ledger.ListAsync(subscription, string.IsNullOrWhiteSpace(status) ? null : status, limit ?? 100, cancellationToken);
        return Results.Ok(new
        {
            deliveries = rows.Select(r => new
            {
                id = r.Id,
                subscription_id = r.SubscriptionId,
                period = r.PeriodKey,
                as_of = r.AsOf,
                data_date = r.DataDate,
                status = r.Status,
                status_text = r.StatusText,
                source = r.Source,
                claimed_by = r.ClaimedBy,
                claimed_at_utc = r.ClaimedAtUtc,
                completed_at_utc = r.CompletedAtUtc,
                attempts = r.Attempts,
                message_id = r.MessageId,
                channel = r.Channel,
                mode = r.Mode,
                error = r.Error,
            }),
        });
    }

    /// <summary>Constant-time comparison against every configured key.</summary>
    private static bool KeyMatches(List<string> keys, string presented)
    {
        var given = Encoding.UTF8.GetBytes(presented);
        var match = false;
        foreach (var key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), given) && given.Length > 0;
        }

        return match;
    }

    private sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
    {
        public ValidateOptionsResult Validate(string? name, DigestOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
