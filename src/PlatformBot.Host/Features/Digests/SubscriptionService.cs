using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlatformBot.Data;
using PlatformBot.Data.Entities;
using PlatformBot.Data.Storage;
using PlatformBot.Scoring;

namespace PlatformBot.Host.Features.Digests;

/// <summary>
/// Subscriptions for every surface: the CLI, and the Slack/Teams command handlers
/// (`/adoption subscribe &lt;kind&gt; segment=enterprise day=mon time=09:00 tz=Europe/Berlin`,
/// `/adoption unsubscribe &lt;kind&gt;`, `/adoption subscriptions`). Every change asks the scheduler to re-sync,
/// so a new subscription needs no restart.
/// </summary>
public sealed class SubscriptionService(
    IDbContextFactory<PlatformBotDbContext> contexts,
    StoreInitializer initializer,
    ScoringModel model,
    DigestScheduleSignal signal,
    IOptions<DigestOptions> options,
    DigestChannels channels,
    TimeProvider time)
{
    public const string FilterHelp =
        "Filters and schedule as key=value: segment=, region=, owner= or csm= (e-mail), plan=, usecase= (" +
        "score-changes and adoption-trends), day=mon..sun, time=HH:mm, tz=<IANA zone, e.g. Europe/Berlin>, empty=skip|post (score-changes).";

    private static readonly string[] KnownKeys = ["segment", "region", "owner", "csm", "plan", "usecase", "day", "time", "tz", "empty"];

    /// <summary>
    /// Whether a chat user may add or remove subscriptions (Digests:ManagerUserIds; empty = anyone).
    /// The command handlers call this before <see cref="SubscribeAsync"/> and <see cref="UnsubscribeAsync"/>.
    /// </summary>
    public bool CanManage(string? userId)
    {
        var managers = options.Value.ManagerUserIds;
        return managers.Count == 0 || (userId is not null && managers.Contains(userId, StringComparer.Ordinal));
    }

    /// <summary>The refusal shown when <see cref="CanManage"/> is false.</summary>
    public static string NotAllowedMessage => "Only digest managers may change subscriptions here (Digests:ManagerUserIds). Ask one of them, or an admin.";

    /// <summary>
    /// Parses "segment=enterprise region=emea day=mon time=09:00 tz=Europe/Berlin" (values may be "double quoted").
    /// Returns null and a message naming the problem when the text is not understood.
    /// </summary>
    public static SubscriptionRequest? ParseFilterText(DigestKind kind, string? text, out string? error)
    {
        error = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in Tokenize(text ?? string.Empty))
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || eq == token.Length - 1)
            {
                error = $"'{token}' is not key=value. {FilterHelp}";
                return null;
            }

            var key = NormalizeKey(token[..eq]);
            var value = token[(eq + 1)..].Trim();
            if (key is null)
            {
                error = $"Unknown filter '{token[..eq]}'. {FilterHelp}";
                return null;
            }

            if (!values.TryAdd(key, value))
            {
                error = $"'{key}' is given twice.";
                return null;
            }
        }

        bool? skip = null;
        if (values.TryGetValue("empty", out var empty))
        {
            skip = empty.ToLowerInvariant() switch
            {
                "skip" or "none" or "nothing" => true,
                "post" or "line" or "note" => false,
                _ => null,
            };
            if (skip is null)
            {
                error = $"empty={empty}: use empty=skip (post nothing when nothing changed) or empty=post (one \"no changes\" line).";
                return null;
            }
        }

        var filters = new DigestFilters(
            values.GetValueOrDefault("segment"), values.GetValueOrDefault("region"), values.GetValueOrDefault("owner"),
            values.GetValueOrDefault("csm"), values.GetValueOrDefault("plan"), values.GetValueOrDefault("usecase"));
        return new SubscriptionRequest(kind, filters, values.GetValueOrDefault("day"), values.GetValueOrDefault("time"), values.GetValueOrDefault("tz"), skip);
    }

    /// <summary>`/adoption subscribe &lt;kind&gt; key=value ...` for the channel the command came from.</summary>
    public async Task<SubscriptionResult> SubscribeAsync(DigestTarget target, string createdBy, string text, CancellationToken cancellationToken)
    {
        var trimmed = (text ?? string.Empty).Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        var kindText = space < 0 ? trimmed : trimmed[..space];
        if (!DigestKinds.TryParse(kindText, out var kind))
        {
            return SubscriptionResult.Fail(
                $"Which digest? Use `subscribe score-changes|arr-kpi|adoption-trends [filters]`{(kindText.Length > 0 ? $" ('{kindText}' is not one)" : string.Empty)}. {FilterHelp}");
        }

        var request = ParseFilterText(kind, space < 0 ? string.Empty : trimmed[(space + 1)..], out var error);
        return request is null ? SubscriptionResult.Fail(error!) : await AddAsync(target, request, createdBy, cancellationToken);
    }

    /// <summary>`/adoption unsubscribe &lt;kind&gt;`: removes that channel's subscriptions of the kind.</summary>
    public async Task<SubscriptionResult> UnsubscribeAsync(DigestTarget target, string kindText, CancellationToken cancellationToken)
    {
        if (!DigestKinds.TryParse(kindText, out var kind))
        {
            return SubscriptionResult.Fail("Which digest? Use `unsubscribe score-changes|arr-kpi|adoption-trends`.");
        }

        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var platform = target.Platform.Text();
        var kindValue = kind.Text();
        var rows = await db.DigestSubscriptions
            .Where(s => s.Platform == platform && s.ChannelId == target.ChannelId && s.Kind == kindValue)
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return SubscriptionResult.Fail($"This channel has no {kind.Text()} subscription.");
        }

        db.DigestSubscriptions.RemoveRange(rows);
        await db.SaveChangesAsync(cancellationToken);
        signal.RequestSync();
        return new SubscriptionResult(true,
            $"Removed {rows.Count} {kind.Text()} subscription(s) of this channel ({string.Join(", ", rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)))}).", null, []);
    }

    /// <summary>`/adoption subscriptions`: this channel's subscriptions as text lines.</summary>
    /// <summary>How a digest manager changes a subscription from chat, said under every list and in help.</summary>
    public const string UpdateHint = "To change one (digest managers): `subscriptions update <id> day=tue time=08:30 tz=Europe/Berlin segment=enterprise`; " +
        "`unsubscribe` and `subscribe` again would lose its delivery log.";

    public async Task<string> DescribeChannelAsync(DigestTarget target, CancellationToken cancellationToken)
    {
        var list = await ListAsync(target, cancellationToken);
        if (list.Count == 0)
        {
            return "This channel has no digest subscriptions. Try `subscribe score-changes segment=enterprise`.";
        }

        var text = new StringBuilder("Digest subscriptions of this channel:");
        foreach (var s in list)
        {
            text.Append('\n').Append("• ").Append(s.Describe());
        }

        // The list is where a reader looks for how to change one: in place, so the id and its delivery log stay.
        return text.Append('\n').Append(UpdateHint).ToString();
    }

    public async Task<SubscriptionResult> AddAsync(DigestTarget target, SubscriptionRequest request, string createdBy, CancellationToken cancellationToken)
    {
        var targetError = CheckTarget(target);
        if (targetError is not null)
        {
            return SubscriptionResult.Fail(targetError);
        }

        var creator = string.IsNullOrWhiteSpace(createdBy) ? "unknown" : createdBy.Trim();
        if (DigestCreators.Check(target.Platform, creator) is { } creatorError)
        {
            return SubscriptionResult.Fail(creatorError);
        }

        var checkedRequest = await CheckAsync(request, cancellationToken);
        if (checkedRequest.Error is not null)
        {
            return SubscriptionResult.Fail(checkedRequest.Error);
        }

        var (schedule, filters, warnings) = (checkedRequest.Schedule!, checkedRequest.Filters!, checkedRequest.Warnings);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var platform = target.Platform.Text();
        var kindValue = request.Kind.Text();
        if (await DuplicateAsync(db, platform, target.ChannelId, kindValue, filters, exceptId: null, cancellationToken) is { } duplicate)
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"This channel already has {kindValue} for {filters.Describe()} (subscription {duplicate}). Change its schedule with `subscriptions update {duplicate}`."));
        }

        var now = time.GetUtcNow().UtcDateTime;
        var row = new DigestSubscription
        {
            Platform = platform,
            ChannelId = target.ChannelId,
            ServiceUrl = target.ServiceUrl,
            TenantId = target.TenantId,
            ConversationId = target.ConversationId,
            Kind = kindValue,
            Day = schedule.DayText,
            Time = schedule.TimeText,
            TimeZone = schedule.Zone.Id,
            CreatedBy = creator,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            Status = DigestStatus.Active,
            SkipWhenNoChanges = request.SkipWhenNoChanges ?? false,
        };
        Apply(row, filters);
        db.DigestSubscriptions.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        signal.RequestSync();

        var view = View(row);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Subscribed {target.Describe()} to {kindValue} for {filters.Describe()} {view.Schedule.Describe()}{FirstDigest(view)}. Subscription id {row.Id}.");
        return new SubscriptionResult(true, message, view, warnings);
    }

    /// <summary>
    /// Changes a subscription's schedule and filters in place: its id, creator and delivery history stay. Only what
    /// <paramref name="change"/> names changes (a null keeps the value; a filter of <see cref="AnyValue"/> removes
    /// that filter); the result is checked exactly as a new subscription is (<see cref="CheckAsync"/>). A subscription
    /// keeps its kind (<paramref name="change"/>'s is not used). <paramref name="channel"/> (chat) limits the change
    /// to that channel's subscriptions.
    /// </summary>
    public async Task<SubscriptionResult> UpdateAsync(long id, SubscriptionRequest change, DigestTarget? channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DigestSubscriptions.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (row is null || (channel is not null && (row.Platform != channel.Platform.Text() || row.ChannelId != channel.ChannelId)))
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"There is no subscription {id}{(channel is null ? string.Empty : " in this channel")}."));
        }

        var kind = DigestKinds.Parse(row.Kind);
        var current = DigestFilters.From(row);
        var merged = new DigestFilters(
            Merge(change.Filters.Segment, current.Segment), Merge(change.Filters.Region, current.Region), Merge(change.Filters.Owner, current.Owner),
            Merge(change.Filters.Csm, current.Csm), Merge(change.Filters.Plan, current.Plan), Merge(change.Filters.UseCase, current.UseCase));
        var request = new SubscriptionRequest(kind, merged, change.Day ?? row.Day, change.Time ?? row.Time, change.TimeZone ?? row.TimeZone,
            change.SkipWhenNoChanges ?? (row.SkipWhenNoChanges ? true : null));
        var checkedRequest = await CheckAsync(request, cancellationToken);
        if (checkedRequest.Error is not null)
        {
            return SubscriptionResult.Fail(checkedRequest.Error);
        }

        var (schedule, filters, warnings) = (checkedRequest.Schedule!, checkedRequest.Filters!, checkedRequest.Warnings);
        if (await DuplicateAsync(db, row.Platform, row.ChannelId, row.Kind, filters, exceptId: row.Id, cancellationToken) is { } duplicate)
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture,
                $"This channel already has {row.Kind} for {filters.Describe()} (subscription {duplicate}); subscription {id} was not changed."));
        }

        row.Day = schedule.DayText;
        row.Time = schedule.TimeText;
        row.TimeZone = schedule.Zone.Id;
        row.SkipWhenNoChanges = change.SkipWhenNoChanges ?? row.SkipWhenNoChanges;
        Apply(row, filters);
        row.UpdatedAtUtc = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        signal.RequestSync();

        var view = View(row);
        var message = string.Create(CultureInfo.InvariantCulture,
            $"Updated subscription {row.Id}: {row.Kind} for {filters.Describe()} {view.Schedule.Describe()}{FirstDigest(view).Replace("first digest", "next digest", StringComparison.Ordinal)}. Its delivery log is kept.");
        return new SubscriptionResult(true, message, view, warnings);

        static string? Merge(string? given, string? current) =>
            given is null ? current : string.Equals(given.Trim(), AnyValue, StringComparison.OrdinalIgnoreCase) ? null : given;
    }

    /// <summary>A filter value that removes the filter in an update ("segment=any").</summary>
    public const string AnyValue = "any";

    /// <summary>
    /// Reactivate from chat (the command, or the Reactivate button under an alert): only a digest manager, by any of
    /// their ids; <paramref name="channel"/> (the command) limits it to that channel's subscriptions.
    /// </summary>
    public async Task<SubscriptionResult> ReactivateFromChatAsync(IEnumerable<string?> userIds, string idText, DigestTarget? channel, CancellationToken cancellationToken)
    {
        if (!userIds.Any(CanManage))
        {
            return SubscriptionResult.Fail(NotAllowedMessage);
        }

        if (!long.TryParse(idText?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return SubscriptionResult.Fail("Which subscription? Use `subscriptions reactivate <id>` (the ids are in `subscriptions`).");
        }

        if (channel is not null && (await GetAsync(id, cancellationToken)) is { } found && (found.Target.Platform != channel.Platform || found.Target.ChannelId != channel.ChannelId))
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture, $"There is no subscription {id} in this channel."));
        }

        return await ReactivateAsync(id, cancellationToken);
    }

    /// <summary>
    /// `subscriptions update &lt;id&gt; key=value ...` and `subscriptions reactivate &lt;id&gt;` in chat, for the channel the
    /// command came from (the caller checked <see cref="CanManage"/>). Null when <paramref name="words"/> is neither.
    /// </summary>
    public async Task<SubscriptionResult?> ManageFromChatAsync(DigestTarget channel, IEnumerable<string?> userIds, string words, CancellationToken cancellationToken)
    {
        var (verb, rest) = SplitVerb(words);
        if (verb == "reactivate")
        {
            return await ReactivateFromChatAsync(userIds, rest, channel, cancellationToken);
        }

        if (verb != "update")
        {
            return null;
        }

        var (idText, filterText) = SplitVerb(rest);
        if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return SubscriptionResult.Fail($"Which subscription? Use `subscriptions update <id> day=tue time=08:30` (the ids are in `subscriptions`). {AnyValue} removes a filter, e.g. segment={AnyValue}. {FilterHelp}");
        }

        if (!userIds.Any(CanManage))
        {
            return SubscriptionResult.Fail(NotAllowedMessage);
        }

        var change = ParseFilterText(DigestKind.ScoreChanges, filterText, out var error);
        return change is null ? SubscriptionResult.Fail(error!) : await UpdateAsync(id, change, channel, cancellationToken);
    }

    /// <summary>True when a `subscriptions ...` command changes something (update, reactivate), so only managers may use it.</summary>
    public static bool IsManageCommand(string words) => SplitVerb(words).Verb is "update" or "reactivate";

    private static (string Verb, string Tail) SplitVerb(string? words)
    {
        var trimmed = (words ?? string.Empty).Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed.ToLowerInvariant(), string.Empty) : (trimmed[..space].ToLowerInvariant(), trimmed[(space + 1)..].Trim());
    }

    private sealed record CheckedRequest(string? Error, DigestSchedule? Schedule, DigestFilters? Filters, List<string> Warnings);

    /// <summary>The one check of a subscription's schedule and filters, for a new one and a changed one alike.</summary>
    private async Task<CheckedRequest> CheckAsync(SubscriptionRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var warnings = new List<string>();
        var dayText = string.IsNullOrWhiteSpace(request.Day) ? settings.DefaultDay : request.Day;
        if (!DigestSchedule.TryParseDay(dayText, out var day))
        {
            return Failed($"day={dayText} is not a day: use mon, tue, wed, thu, fri, sat or sun.");
        }

        var timeText = string.IsNullOrWhiteSpace(request.Time) ? settings.DefaultTime : request.Time;
        if (!DigestSchedule.TryParseTime(timeText, out var clock))
        {
            return Failed($"time={timeText} is not a time: use 24-hour HH:mm, e.g. time=09:00.");
        }

        var zoneText = string.IsNullOrWhiteSpace(request.TimeZone) ? settings.DefaultTimeZone : request.TimeZone.Trim();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneText, out var zone) || !zone.HasIanaId)
        {
            return Failed($"tz={zoneText} is not an IANA time zone: use a name like Europe/Berlin, America/New_York or Etc/UTC.");
        }

        if (zone.SupportsDaylightSavingTime && clock.Hour is 1 or 2)
        {
            warnings.Add($"{clock:HH:mm} is in the 01:00-02:59 window where {zone.Id} changes clocks on two nights a year; " +
                         "on those days the digest goes out once, at the next valid time. A time outside that window avoids surprises.");
        }

        var filterError = await CheckFiltersAsync(request.Kind, request.Filters, warnings, cancellationToken);
        if (filterError is not null)
        {
            return Failed(filterError);
        }

        if (request.SkipWhenNoChanges == true && request.Kind != DigestKind.ScoreChanges)
        {
            return Failed("empty=skip applies to score-changes only: the KPI and trend digests always have content.");
        }

        return new CheckedRequest(null, new DigestSchedule(day, clock, zone), Canonical(request.Filters), warnings);

        static CheckedRequest Failed(string error) => new(error, null, null, []);
    }

    private static async Task<long?> DuplicateAsync(PlatformBotDbContext db, string platform, string channelId, string kind, DigestFilters filters, long? exceptId, CancellationToken cancellationToken)
    {
        var sameChannel = await db.DigestSubscriptions.AsNoTracking()
            .Where(s => s.Platform == platform && s.ChannelId == channelId && s.Kind == kind && s.Id != (exceptId ?? 0))
            .ToListAsync(cancellationToken);
        return sameChannel.FirstOrDefault(s => DigestFilters.From(s).Key == filters.Key)?.Id;
    }

    private static void Apply(DigestSubscription row, DigestFilters filters)
    {
        row.Segment = filters.Segment;
        row.Region = filters.Region;
        row.OwnerEmail = filters.Owner;
        row.CsmEmail = filters.Csm;
        row.Plan = filters.Plan;
        row.UseCase = filters.UseCase;
    }

    private static string FirstDigest(SubscriptionView view) => view.NextRunUtc is { } n
        ? "; first digest " + TimeZoneInfo.ConvertTime(n, view.Schedule.Zone).ToString("ddd yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : string.Empty;

    public async Task<IReadOnlyList<SubscriptionView>> ListAsync(DigestTarget? target, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.DigestSubscriptions.AsNoTracking();
        if (target is not null)
        {
            var platform = target.Platform.Text();
            query = query.Where(s => s.Platform == platform && s.ChannelId == target.ChannelId);
        }

        var rows = await query.OrderBy(s => s.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    public async Task<SubscriptionView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.DigestSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        return row is null ? null : View(row);
    }

    public async Task<SubscriptionResult> RemoveAsync(long id, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var removed = await db.DigestSubscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture, $"There is no subscription {id} (see `platformbot subscriptions list`)."));
        }

        signal.RequestSync();
        return new SubscriptionResult(true, string.Create(CultureInfo.InvariantCulture, $"Removed subscription {id}; its delivery log is kept."), null, []);
    }

    /// <summary>Puts a broken subscription back to active (after the bot was invited back, say).</summary>
    public async Task<SubscriptionResult> ReactivateAsync(long id, CancellationToken cancellationToken)
    {
        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = await db.DigestSubscriptions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, DigestStatus.Active).SetProperty(s => s.StatusReason, (string?)null)
                .SetProperty(s => s.StatusChangedAtUtc, now).SetProperty(s => s.UpdatedAtUtc, now), cancellationToken);
        if (changed == 0)
        {
            return SubscriptionResult.Fail(string.Create(CultureInfo.InvariantCulture, $"There is no subscription {id}."));
        }

        signal.RequestSync();
        return new SubscriptionResult(true, string.Create(CultureInfo.InvariantCulture, $"Subscription {id} is active again; its next digest goes out as scheduled."), null, []);
    }

    internal SubscriptionView View(DigestSubscription row)
    {
        var schedule = DigestSchedule.From(row);
        return new SubscriptionView(row.Id, DigestTarget.From(row), DigestKinds.Parse(row.Kind), DigestFilters.From(row), schedule, row.Status, row.StatusReason,
            row.CreatedBy, row.CreatedAtUtc, row.SkipWhenNoChanges, schedule.NextAfter(time.GetUtcNow()));
    }

    private string? CheckTarget(DigestTarget target)
    {
        if (string.IsNullOrWhiteSpace(target.ChannelId) && string.IsNullOrWhiteSpace(target.ConversationId))
        {
            return "A channel is required (--channel).";
        }

        if (target.Platform == DigestPlatform.Slack && !IsSlackId(target.ChannelId))
        {
            return $"'{target.ChannelId}' is not a Slack channel id (C…, G… or D…; not a #name). In Slack: channel details, bottom of the About tab.";
        }

        if (target.Platform == DigestPlatform.Teams)
        {
            if (string.IsNullOrWhiteSpace(target.ServiceUrl) || !Uri.TryCreate(target.ServiceUrl, UriKind.Absolute, out _))
            {
                return "Teams needs the conversation reference and none is stored for this channel (install the app in its team, or mention the bot there once), " +
                       "or give --service-url (https, from the channel's activities) and --tenant.";
            }
        }

        // The platform's own send rule (Teams: https to an allowed host, http on loopback only behind its test switch):
        // a subscription every send would refuse is refused now, while someone is there to read why.
        if (channels.Find(target.Platform)?.RefuseTarget(target) is { } refused)
        {
            return refused;
        }

        if (target.Platform == DigestPlatform.Teams)
        {

            if (string.IsNullOrWhiteSpace(target.TenantId))
            {
                return "Teams needs the tenant id (--tenant).";
            }
        }

        return null;
    }

    private static bool IsSlackId(string id) =>
        id.Length is >= 9 and <= 24 && id[0] is 'C' or 'G' or 'D' && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));

    private async Task<string?> CheckFiltersAsync(DigestKind kind, DigestFilters filters, List<string> warnings, CancellationToken cancellationToken)
    {
        if (filters.Owner is not null && filters.Csm is not null)
        {
            return "Use owner= or csm=, not both.";
        }

        if (filters.UseCase is { } useCase)
        {
            if (kind == DigestKind.ArrKpi)
            {
                return "usecase= applies to score-changes and adoption-trends; the ARR KPI counts all use cases.";
            }

            if (model.FindUseCase(useCase) is null)
            {
                return $"usecase={useCase} is not a use case of the scoring model: use {string.Join(", ", model.UseCases.Select(u => u.Id))}.";
            }
        }

        foreach (var (key, value) in new[] { ("owner", filters.Owner), ("csm", filters.Csm) })
        {
            if (value is not null && (!value.Contains('@', StringComparison.Ordinal) || value.Contains(' ', StringComparison.Ordinal)))
            {
                return $"{key}={value} must be an e-mail address, as in the accounts file.";
            }
        }

        if (filters.IsEmpty)
        {
            return null;
        }

        await initializer.EnsureReadyAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var checks = new (string Key, string? Value, IQueryable<string?> Known)[]
        {
            ("segment", filters.Segment, db.Accounts.Select(a => a.Segment)),
            ("region", filters.Region, db.Accounts.Select(a => a.Region)),
            ("plan", filters.Plan, db.Subscriptions.Select(s => s.Plan)),
        };
        foreach (var (key, value, known) in checks)
        {
            if (value is null)
            {
                continue;
            }

            var values = (await known.Where(v => v != null).Distinct().Take(200).ToListAsync(cancellationToken)).Select(v => v!).ToList();
            if (values.Count == 0)
            {
                warnings.Add($"No account data is loaded yet, so {key}={value} could not be checked.");
            }
            else if (!values.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return $"No account has {key}={value}. Known values: {string.Join(", ", values.Order(StringComparer.OrdinalIgnoreCase).Take(30))}.";
            }
        }

        foreach (var (key, value) in new[] { ("owner", filters.Owner), ("csm", filters.Csm) })
        {
            if (value is null)
            {
                continue;
            }

            var lower = value.ToLowerInvariant();
#pragma warning disable CA1862, MA0011 // translated to SQL lower(); string.Equals with a StringComparison, or a culture, is not translatable
            var any = key == "owner"
                ? await db.Accounts.AnyAsync(a => a.OwnerEmail != null && a.OwnerEmail.ToLower() == lower, cancellationToken)
                : await db.Accounts.AnyAsync(a => a.CsmEmail != null && a.CsmEmail.ToLower() == lower, cancellationToken);
#pragma warning restore CA1862, MA0011
            if (!any)
            {
                warnings.Add($"No account has {key}={value} today; the digest will be empty until one does.");
            }
        }

        return null;
    }

    /// <summary>Use-case ids as the model spells them, so filters compare equal however they were typed.</summary>
    private DigestFilters Canonical(DigestFilters filters) =>
        filters.UseCase is { } u && model.FindUseCase(u) is { } definition ? filters with { UseCase = definition.Id } : filters;

    private static string? NormalizeKey(string key)
    {
        var k = key.Trim().ToLowerInvariant();
        k = k switch
        {
            "use-case" or "use_case" or "usecases" => "usecase",
            "timezone" or "time-zone" or "zone" => "tz",
            "at" => "time",
            "csm-email" or "csm_email" => "csm",
            "owner-email" or "owner_email" => "owner",
            "when-empty" or "no-changes" => "empty",
            _ => k,
        };
        return KnownKeys.Contains(k, StringComparer.Ordinal) ? k : null;
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in text)
        {
            if (c is '"' or '\u201C' or '\u201D')
            {
                quoted = !quoted;
                continue;
            }

            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
