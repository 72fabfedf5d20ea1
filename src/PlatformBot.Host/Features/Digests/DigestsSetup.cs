using System.Globalization;
using Microsoft.Extensions.Options;
using PlatformBot.Data.Storage;
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
        services.AddSingleton<DueDigestSender>();
        services.AddSingleton<DigestScheduler>();
        services.AddSingleton<DigestPreview>();
        services.AddSingleton<DigestFullLists>();
        services.AddSingleton<PersonalDigests>();
        services.AddSingleton<PersonalDigestBuilder>();
        services.AddHostedService<DigestScheduleService>();

        var storage = CompositionSettings.Read<StorageOptions>(configuration, StorageOptions.Section);
        var digests = CompositionSettings.Read<DigestOptions>(configuration, DigestOptions.Section);
        var clustered = IsClustered(storage.Provider, digests);
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

    /// <summary>
    /// Whether Quartz runs clustered on its ADO.NET store: never on SQLite (Quartz refuses), on a server store unless
    /// Digests:Clustered is false. The one place this is decided (the scheduler's set-up and its readiness check).
    /// </summary>
    public static bool IsClustered(StorageProvider provider, DigestOptions digests)
    {
        ArgumentNullException.ThrowIfNull(digests);
        return provider != StorageProvider.Sqlite && (digests.Clustered ?? true);
    }

    /// <summary>The delivery statuses a caller may filter on (a stale claim reads as unknown).</summary>
    public static readonly string[] DeliveryStatuses =
        [DigestStatus.Claimed, DigestStatus.Sent, DigestStatus.Partial, DigestStatus.Skipped, DigestStatus.Failed, DigestStatus.Unknown];

    public const int MaxDeliveriesLimit = 1000;

    /// <summary>GET /api/v1/digests/deliveries: the delivery log, on the API group (its key and rate limit).</summary>
    public static RouteGroupBuilder MapDigests(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/digests/deliveries", DeliveriesAsync).WithName("DigestDeliveries");
        return api;
    }

    /// <summary>
    /// The query parameters are read as text and checked here, so a bad one gets a 400 naming it and what it may be
    /// (the framework's own binding failure says neither).
    /// </summary>
    private static async Task<IResult> DeliveriesAsync(
        DeliveryLedger ledger, string? subscription, string? status, string? limit, CancellationToken cancellationToken)
    {
        long? subscriptionId = null;
        if (!string.IsNullOrWhiteSpace(subscription))
        {
            if (!long.TryParse(subscription, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                return BadParameter("subscription", subscription, "a subscription id (a whole number)");
            }

            subscriptionId = id;
        }

        var wanted = string.IsNullOrWhiteSpace(status) ? null : status.Trim().ToLowerInvariant();
        if (wanted is not null && !DeliveryStatuses.Contains(wanted, StringComparer.Ordinal))
        {
            return BadParameter("status", status!, "one of " + string.Join(", ", DeliveryStatuses));
        }

        var count = 100;
        if (!string.IsNullOrWhiteSpace(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxDeliveriesLimit))
        {
            return BadParameter("limit", limit, $"a whole number from 1 to {MaxDeliveriesLimit}");
        }

        var rows = await ledger.ListAsync(subscriptionId, wanted, count, cancellationToken);
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

    private static IResult BadParameter(string name, string value, string expected) =>
        Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: $"Invalid query parameter '{name}'",
            detail: $"'{name}' must be {expected}; got '{(value.Length > 40 ? value[..40] + "…" : value)}'.");

    private sealed class DigestOptionsValidator : IValidateOptions<DigestOptions>
    {
        public ValidateOptionsResult Validate(string? name, DigestOptions options)
        {
            var errors = options.Validate().ToList();
            return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
        }
    }
}
