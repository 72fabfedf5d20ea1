using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using PlatformBot.Host.Features.Access;
using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// `platformbot subscriptions add|list|remove|reactivate` and `platformbot digests send|preview|log`. They run on
/// the same services as the server; `send` takes the same path and guard as the schedule.
/// </summary>
public static class DigestCommands
{
    public static Command Subscriptions(IServiceProvider services)
    {
        var command = new Command("subscriptions", "Digest subscriptions: which channel gets which digest, filtered how, and when.");
        command.Subcommands.Add(AddCommand(services));
        command.Subcommands.Add(UpdateCommand(services));

        var channel = new Option<string?>("--channel") { Description = "Only this channel's subscriptions." };
        var list = new Command("list", "List subscriptions with their schedule, status and next run.") { channel };
        list.SetAction(async (parse, ct) =>
        {
            var all = await services.GetRequiredService<SubscriptionService>().ListAsync(null, ct);
            var wanted = parse.GetValue(channel);
            var shown = all.Where(s => wanted is null || s.Target.ChannelId == wanted || s.Target.ConversationId == wanted).ToList();
            if (shown.Count == 0)
            {
                await Console.Error.WriteLineAsync("No subscriptions.");
                return 0;
            }

            foreach (var s in shown)
            {
                await Console.Out.WriteLineAsync(s.Describe());
            }

            return 0;
        });
        command.Subcommands.Add(list);

        foreach (var (name, description) in new[] { ("remove", "Remove a subscription (its delivery log is kept)."), ("reactivate", "Make a broken subscription active again (after fixing the channel).") })
        {
            var id = new Argument<long>("id") { Description = "The subscription id (see `subscriptions list`)." };
            var sub = new Command(name, description) { id };
            sub.SetAction(async (parse, ct) =>
            {
                var subscriptions = services.GetRequiredService<SubscriptionService>();
                var result = name == "remove"
                    ? await subscriptions.RemoveAsync(parse.GetValue(id), ct)
                    : await subscriptions.ReactivateAsync(parse.GetValue(id), ct);
                await (result.Succeeded ? Console.Out : Console.Error).WriteLineAsync(result.Message);
                return result.Succeeded ? 0 : 1;
            });
            command.Subcommands.Add(sub);
        }

        return command;
    }

    private sealed record FilterOptions(
        Option<string?> Segment, Option<string?> Region, Option<string?> Owner, Option<string?> Csm, Option<string?> Plan, Option<string?> UseCase)
    {
        public static FilterOptions Create() => new(
            new Option<string?>("--segment") { Description = "Only accounts in this segment." },
            new Option<string?>("--region") { Description = "Only accounts in this region." },
            new Option<string?>("--owner") { Description = "Only accounts of this owner (e-mail)." },
            new Option<string?>("--csm") { Description = "Only accounts of this CSM (e-mail)." },
            new Option<string?>("--plan") { Description = "Only accounts with a subscription on this plan." },
            new Option<string?>("--usecase") { Description = "score-changes and adoption-trends: one use case only (scm, ci, cd, security)." });

        public void AddTo(Command command)
        {
            command.Options.Add(Segment);
            command.Options.Add(Region);
            command.Options.Add(Owner);
            command.Options.Add(Csm);
            command.Options.Add(Plan);
            command.Options.Add(UseCase);
        }

        public DigestFilters Read(ParseResult parse) => new(
            Blank(parse.GetValue(Segment)), Blank(parse.GetValue(Region)), Blank(parse.GetValue(Owner)), Blank(parse.GetValue(Csm)),
            Blank(parse.GetValue(Plan)), Blank(parse.GetValue(UseCase)));

        private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static Command AddCommand(IServiceProvider services)
    {
        var platform = new Option<string>("--platform") { Description = "slack or teams.", Required = true };
        var channel = new Option<string>("--channel") { Description = "Slack channel id (C…), or the Teams channel id (19:…@thread…).", Required = true };
        var kind = new Option<string>("--kind") { Description = "score-changes, arr-kpi or adoption-trends.", Required = true };
        var day = new Option<string?>("--day") { Description = "mon..sun (default Digests:DefaultDay, mon)." };
        var time = new Option<string?>("--time") { Description = "Local time HH:mm (default Digests:DefaultTime, 09:00)." };
        var tz = new Option<string?>("--tz") { Description = "IANA time zone, e.g. Europe/Berlin (default Digests:DefaultTimeZone)." };
        var skip = new Option<bool>("--skip-when-no-changes") { Description = "score-changes: post nothing (instead of a \"no changes\" line) when nothing moved." };
        var serviceUrl = new Option<string?>("--service-url")
        {
            Description = "Teams: the Bot Connector service URL of the team (default: from the channel's stored conversation reference, known once the app is installed there).",
        };
        var tenant = new Option<string?>("--tenant") { Description = "Teams: the tenant id (default: from the stored conversation reference)." };
        var conversation = new Option<string?>("--conversation") { Description = "Teams: post into this conversation instead of starting a new channel post." };
        var createdBy = new Option<string?>("--created-by") { Description = "Who to alert in person when the digest fails: a Slack user id (U…/W…), or a Teams user id (29:…) or Entra object id. Without it, only the alert channels hear." };
        var filters = FilterOptions.Create();
        var command = new Command("add", "Subscribe a channel to a digest; prints the new subscription id.")
        {
            platform, channel, kind, day, time, tz, skip, serviceUrl, tenant, conversation, createdBy,
        };
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            // Refusals are the user's errors: thrown, so they reach the one-line handler and exit 2 (PlatformBotCommandLine).
            if (!DigestKinds.TryParsePlatform(parse.GetValue(platform), out var p))
            {
                throw new InvalidOperationException($"--platform {parse.GetValue(platform)}: use slack or teams.");
            }

            if (!DigestKinds.TryParse(parse.GetValue(kind), out var k))
            {
                throw new InvalidOperationException($"--kind {parse.GetValue(kind)}: use score-changes, arr-kpi or adoption-trends.");
            }

            var target = new DigestTarget(p, parse.GetValue(channel)!.Trim(), parse.GetValue(serviceUrl), parse.GetValue(tenant), parse.GetValue(conversation));
            if (services.GetRequiredService<DigestChannels>().Find(p) is { } platformChannel)
            {
                // What the platform stored fills in what was left out (Teams: service URL and tenant).
                target = await platformChannel.CompleteTargetAsync(target, ct);
            }

            var request = new SubscriptionRequest(k, filters.Read(parse), parse.GetValue(day), parse.GetValue(time), parse.GetValue(tz),
                parse.GetValue(skip) ? true : null);
            var actor = parse.GetValue(createdBy) is { Length: > 0 } who ? who.Trim() : DigestCreators.CliPrefix + Environment.UserName;
            var result = await services.GetRequiredService<SubscriptionService>().AddAsync(target, request, actor, ct);
            if (!result.Succeeded)
            {
                // A request the service refused (a bad day, filter, channel or creator): the user's to fix.
                await Console.Error.WriteLineAsync("error: " + result.Message);
                return 2;
            }

            if (actor.StartsWith(DigestCreators.CliPrefix, StringComparison.Ordinal))
            {
                await Console.Error.WriteLineAsync("warning: no --created-by: failure alerts go to the alert channels only, to nobody in person.");
            }

            foreach (var warning in result.Warnings)
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            await Console.Error.WriteLineAsync(result.Message);
            await Console.Out.WriteLineAsync(result.Subscription!.Id.ToString(CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }

    private static Command UpdateCommand(IServiceProvider services)
    {
        var id = new Argument<long>("id") { Description = "The subscription id (see `subscriptions list`)." };
        var day = new Option<string?>("--day") { Description = "mon..sun." };
        var time = new Option<string?>("--time") { Description = "Local time HH:mm." };
        var tz = new Option<string?>("--tz") { Description = "IANA time zone, e.g. Europe/Berlin." };
        var skip = new Option<bool?>("--skip-when-no-changes") { Description = "score-changes: true = post nothing when nothing moved, false = one \"no changes\" line." };
        var filters = FilterOptions.Create();
        var command = new Command("update", $"Change a subscription's schedule or filters in place: its id and delivery log stay. Only the options given change; a filter of '{SubscriptionService.AnyValue}' removes it.")
        {
            id, day, time, tz, skip,
        };
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var change = new SubscriptionRequest(DigestKind.ScoreChanges, filters.Read(parse), parse.GetValue(day), parse.GetValue(time), parse.GetValue(tz), parse.GetValue(skip));
            var result = await services.GetRequiredService<SubscriptionService>().UpdateAsync(parse.GetValue(id), change, null, ct);
            if (!result.Succeeded)
            {
                await Console.Error.WriteLineAsync("error: " + result.Message);
                return 2;
            }

            foreach (var warning in result.Warnings)
            {
                await Console.Error.WriteLineAsync("warning: " + warning);
            }

            await Console.Out.WriteLineAsync(result.Message);
            return 0;
        });
        return command;
    }

    public static Command Digests(IServiceProvider services)
    {
        var command = new Command("digests", "Send, preview and audit digests.");
        command.Subcommands.Add(SendCommand(services));
        command.Subcommands.Add(PreviewCommand(services));
        command.Subcommands.Add(LogCommand(services));
        return command;
    }

    private static Option<string?> AsOfOption() => new("--as-of")
    {
        Description = "The as-of date, yyyy-MM-dd (default: today in the subscription's time zone). The period is its ISO week.",
    };

    private static DateOnly? ParseDate(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new InvalidOperationException($"--as-of '{text}' is not a date in yyyy-MM-dd form.");

    private static Command SendCommand(IServiceProvider services)
    {
        var id = new Option<long?>("--subscription") { Description = "The subscription id (or --due)." };
        var asOf = AsOfOption();
        var retryUnknown = new Option<bool>("--retry-unknown")
        {
            Description = "Send again a delivery whose outcome is unknown. Only after checking the channel: it may post twice.",
        };
        var due = new Option<bool>("--due")
        {
            Description = "Send every active subscription due within --window before --at, in one process with one data load; what was delivered already is not resent.",
        };
        var window = new Option<string?>("--window")
        {
            Description = "With --due: how far back a due time may lie, e.g. 30m, 2h, 3d or 1.00:00:00 (default Digests:CatchUpWindow).",
        };
        var at = new Option<string?>("--at")
        {
            Description = "With --due: the reference time, ISO 8601 (e.g. 2026-11-23T08:00Z; default now).",
        };
        var command = new Command("send",
            "Send a subscription's digest now (--subscription), or every digest due (--due), through the same path and guard as the schedule. " +
            "Exit code 2: already delivered for that period (--subscription), or a usage error; 1: a digest was not delivered.")
        {
            id, asOf, retryUnknown, due, window, at,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(due))
            {
                if (parse.GetValue(id) is not null || parse.GetValue(asOf) is not null || parse.GetValue(retryUnknown))
                {
                    throw new InvalidOperationException("--due sends what the schedules say: it takes --window and --at, not --subscription, --as-of or --retry-unknown.");
                }

                var report = await services.GetRequiredService<DueDigestSender>().SendDueAsync(
                    ParseInstant(parse.GetValue(at)) ?? services.GetRequiredService<TimeProvider>().GetUtcNow(),
                    ParseWindow(parse.GetValue(window)) ?? services.GetRequiredService<IOptions<DigestOptions>>().Value.CatchUpWindow, ct);
                foreach (var each in report.Outcomes)
                {
                    await (each.Succeeded ? Console.Out : Console.Error).WriteLineAsync(each.Message);
                }

                await (report.Succeeded ? Console.Out : Console.Error).WriteLineAsync(report.Summary());
                return report.Succeeded ? 0 : 1;
            }

            if (parse.GetValue(id) is not { } subscription)
            {
                throw new InvalidOperationException("digests send needs --subscription ID, or --due for every digest due now.");
            }

            if (parse.GetValue(window) is not null || parse.GetValue(at) is not null)
            {
                throw new InvalidOperationException("--window and --at go with --due.");
            }

            var outcome = await services.GetRequiredService<DigestSender>().SendAsync(
                subscription, ParseDate(parse.GetValue(asOf)), DigestSources.Cli, parse.GetValue(retryUnknown), ct);
            await (outcome.Succeeded ? Console.Out : Console.Error).WriteLineAsync(outcome.Message);
            return outcome.Status switch
            {
                DigestStatus.Sent or DigestStatus.Skipped => 0,
                "already-claimed" => 2,
                _ => 1,
            };
        });
        return command;
    }

    private static DateTimeOffset? ParseInstant(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant) ? instant
        : throw new InvalidOperationException($"--at '{text}' is not an ISO 8601 time (e.g. 2026-11-23T08:00Z).");

    /// <summary>"30m", "2h", "3d", or a TimeSpan ("1.00:00:00", as in configuration); positive.</summary>
    private static TimeSpan? ParseWindow(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        TimeSpan? window = value[^1] is 'm' or 'h' or 'd' && double.TryParse(value[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? value[^1] switch { 'm' => TimeSpan.FromMinutes(n), 'h' => TimeSpan.FromHours(n), _ => TimeSpan.FromDays(n) }
            : TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span) ? span : null;
        return window is { } w && w > TimeSpan.Zero ? w
            : throw new InvalidOperationException($"--window '{text}' is not a positive duration (e.g. 30m, 2h, 3d or 1.00:00:00).");
    }

    private static IDigestChannel PlatformChannel(IServiceProvider services, DigestPlatform platform) =>
        services.GetRequiredService<DigestChannels>().Find(platform)
        ?? throw new InvalidOperationException($"No {platform.Text()} digest channel is registered on this host.");

    private static Command PreviewCommand(IServiceProvider services)
    {
        var kind = new Option<string>("--kind") { Description = "score-changes, arr-kpi or adoption-trends.", Required = true };
        var asOf = AsOfOption();
        var tz = new Option<string?>("--tz") { Description = "Time zone stated in the footer (default Digests:DefaultTimeZone)." };
        var format = new Option<string>("--format") { Description = "slack (the Web API calls as JSON), teams (the Adaptive Card activities: the digest, then the chart) or text.", DefaultValueFactory = _ => "slack" };
        var channel = new Option<string>("--channel")
        {
            Description = "The channel (Slack) or conversation (Teams) it would go to: shown in the Slack JSON, and ARR amounts appear only if that channel may see them.",
            DefaultValueFactory = _ => "C0PREVIEW",
        };
        var chart = new Option<FileInfo?>("--chart") { Description = "Also write the chart PNG to this file." };
        var filters = FilterOptions.Create();
        var command = new Command("preview", "Print a digest as the platform would receive it, without sending it.") { kind, asOf, tz, format, channel, chart };
        filters.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!DigestKinds.TryParse(parse.GetValue(kind), out var k))
            {
                await Console.Error.WriteLineAsync($"error: --kind {parse.GetValue(kind)}: use score-changes, arr-kpi or adoption-trends.");
                return 1;
            }

            // ARR as the channel would see it: the preview shows what that channel would receive.
            var formatText = parse.GetValue(format)?.ToLowerInvariant();
            var previewTarget = new DigestTarget(formatText == "teams" ? DigestPlatform.Teams : DigestPlatform.Slack, parse.GetValue(channel)!);
            var showArr = services.GetRequiredService<ArrVisibility>().MaySeeArr(previewTarget.Audience());
            var content = await services.GetRequiredService<DigestPreview>().BuildAsync(
                k, filters.Read(parse), ParseDate(parse.GetValue(asOf)), parse.GetValue(tz), showArr, ct);
            var output = formatText switch
            {
                "text" => PlainTextEscaper.EscapeLines(content.ToPlainText()),
                "teams" or "slack" => PlatformChannel(services, previewTarget.Platform).PreviewJson(content, parse.GetValue(channel)!),
                var other => throw new InvalidOperationException($"--format {other}: use slack, teams or text."),
            };
            await Console.Out.WriteLineAsync(output);
            if (parse.GetValue(chart) is { } file)
            {
                if (content.Chart is null)
                {
                    await Console.Error.WriteLineAsync("This digest has no chart (fewer than two weeks of data, or a kind without one).");
                }
                else
                {
                    await File.WriteAllBytesAsync(file.FullName, content.Chart.Png, ct);
                    await Console.Error.WriteLineAsync($"Chart written to {file.FullName}.");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command LogCommand(IServiceProvider services)
    {
        var id = new Option<long?>("--subscription") { Description = "Only this subscription." };
        var status = new Option<string?>("--status") { Description = "Only this status: claimed, sent, partial, skipped, failed, unknown." };
        var limit = new Option<int>("--limit") { Description = "Most rows (newest first).", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "JSON lines instead of text." };
        var command = new Command("log", "The delivery log: the real status of every send.") { id, status, limit, json };
        command.SetAction(async (parse, ct) =>
        {
            var rows = await services.GetRequiredService<DeliveryLedger>().ListAsync(parse.GetValue(id), parse.GetValue(status), parse.GetValue(limit), ct);
            if (rows.Count == 0)
            {
                await Console.Error.WriteLineAsync("No deliveries.");
            }

            foreach (var row in rows)
            {
                await Console.Out.WriteLineAsync(parse.GetValue(json) ? JsonSerializer.Serialize(row, LogJson) : row.Describe());
            }

            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions LogJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
}
