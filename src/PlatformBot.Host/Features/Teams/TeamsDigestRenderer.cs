using System.Globalization;
using System.Text.Json.Nodes;
using PlatformBot.Host.Features.Digests;
using PlatformBot.Host.Features.Lookup;
using PlatformBot.Teams;

namespace PlatformBot.Host.Features.Teams;


/// <summary>
/// A digest for Teams: one Adaptive Card 1.5 with the headline, tables, lists and footer, and the chart as a second
/// card (a reply in the post's thread). Every message stays within <see cref="AdaptiveCardValidator.ConservativeMessageBytes"/>
/// (lists are shortened until it fits; the footer says what was left out). The chart is an inline PNG (data: URI,
/// which Teams shows in bot cards) in a message of its own, so the digest never depends on the image: if Teams
/// refuses the picture, a text note takes its place and the numbers are in the card already. A list's accounts lead to
/// their cards: one compact choice set per list and an "Open card" action (<see cref="OpenCardVerb"/>; the card goes
/// to the clicker's 1:1 chat), and a cut list offers "Show all" (<see cref="ShowAllVerb"/>, ADR 0025).
/// </summary>
public static class TeamsDigestRenderer
{
    /// <summary>Action.Execute verb (Action.Submit fallback) of "Open card"; data names the choice set (<see cref="InputKey"/>).</summary>
    public const string OpenCardVerb = "digest_card";

    /// <summary>Action.Execute verb of "Show all"; data holds the <see cref="DigestShowAll"/> under <see cref="ShowAllKey"/>.</summary>
    public const string ShowAllVerb = "digest_show_all";

    /// <summary>In "Open card" data: the id of the choice set whose selected value is the account id.</summary>
    public const string InputKey = "input";

    public const string ShowAllKey = "showAll";

    /// <summary>The budget every digest message keeps to, inline images not counted (as Teams counts).</summary>
    public const int MessageBudget = AdaptiveCardValidator.ConservativeMessageBytes;

    public static Activity Render(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        foreach (var maxLines in new[] { int.MaxValue, 100, 40, 15, 5 })
        {
            var activity = Activity.CreateCardMessage(Card(content, maxLines), TeamsText.Escape(content.Headline));
            if (AdaptiveCardValidator.ValidateMessage(activity, MessageBudget).IsValid)
            {
                return activity;
            }
        }

        return Activity.CreateCardMessage(Card(content, 0), TeamsText.Escape(content.Headline));
    }

    /// <summary>
    /// The chart as a card of its own (title, image, alt text carrying the numbers), or null when even the whole
    /// message with the image would exceed Teams' documented limit (it would be refused).
    /// </summary>
    public static Activity? RenderChart(DigestChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var card = new AdaptiveCardBuilder().FullWidth().WithFallbackText(chart.Title)
            .Add(AdaptiveElements.TextBlock(TeamsText.Escape(chart.Title), weight: TextWeight.Bolder))
            .Add(AdaptiveElements.ImageData(chart.CompactPng, "image/png", chart.AltText, ImageSize.Stretch))
            .Build();
        var activity = Activity.CreateCardMessage(card, TeamsText.Escape(chart.Title));
        var validation = AdaptiveCardValidator.ValidateMessage(activity, MessageBudget);
        return validation.IsValid && validation.TotalBytes <= AdaptiveCardValidator.MaxMessageBytes ? activity : null;
    }

    /// <summary>The note that replaces a chart Teams refused (or that was too large to send).</summary>
    public static Activity ChartNote(string problem) =>
        Activity.CreateMessage(TeamsText.Escape($"The chart could not be shown ({problem}); the same numbers are in the card above."));

    /// <summary>
    /// A whole list asked for with "Show all", as thread replies: as many cards as <see cref="MessageBudget"/> needs
    /// (no line is left out), the last saying who asked.
    /// </summary>
    public static IReadOnlyList<Activity> RenderWhole(DigestContent content, string askedBy)
    {
        ArgumentNullException.ThrowIfNull(content);
        var list = content.Details.OfType<DigestList>().Single();
        for (var size = Math.Max(1, list.Lines.Count); ; size = Math.Max(1, size / 2))
        {
            var parts = list.Lines.Chunk(size).DefaultIfEmpty([]).ToList();
            var activities = parts.Select((lines, i) => Activity.CreateCardMessage(
                Card(content with { Details = [list with { Lines = lines, More = i == parts.Count - 1 ? $"{Wording.ShowAllAskedBy} {askedBy}" : null, ShowAll = null }] }, int.MaxValue),
                TeamsText.Escape(list.Title))).ToList();
            if (size == 1 || activities.All(a => AdaptiveCardValidator.ValidateMessage(a, MessageBudget).IsValid))
            {
                return activities;
            }
        }
    }

    /// <summary>The text-only fallback when Teams rejects the card; cut to fit <see cref="MessageBudget"/>.</summary>
    public static Activity RenderText(DigestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var text = TeamsText.EscapeLines(content.ToPlainText());
        var activity = Activity.CreateMessage(text);
        for (var max = 12_000; AdaptiveCardValidator.ValidateMessage(activity, MessageBudget).MessageBytes > MessageBudget && max > 500; max = max * 3 / 4)
        {
            // JSON escaping and non-ASCII characters make bytes exceed characters; shrink until the message fits.
            activity = Activity.CreateMessage(text.Length > max ? text[..max] + "\n\n… (cut to fit Teams' message size)" : text);
        }

        return activity;
    }

    /// <summary>Teams' one escaper: every string of the content is data to Markdown; our own markup is added after.</summary>
    private static string Esc(string? text) => TeamsText.Escape(text);

    private static JsonObject Card(DigestContent content, int maxLines)
    {
        var builder = new AdaptiveCardBuilder().FullWidth().WithFallbackText(PlainTextEscaper.Escape(content.Headline));
        builder.Add(
            AdaptiveElements.TextBlock(Esc(content.Title), TextSize.Large, TextWeight.Bolder),
            AdaptiveElements.TextBlock(Esc(content.Headline)));
        var cut = 0;
        var inputs = 0;
        foreach (var block in content.Summary.Concat(content.Details))
        {
            switch (block)
            {
                case DigestTable table:
                    builder.Add(
                        AdaptiveElements.TextBlock(Esc(table.Title), weight: TextWeight.Bolder),
                        AdaptiveElements.TextTable([.. table.Headers.Select(Esc)], table.Rows.Select(r => (IReadOnlyList<string>)[.. r.Select(Esc)])));
                    break;
                case DigestList list:
                {
                    var shown = list.Lines.Take(maxLines).ToList();
                    cut += list.Lines.Count - shown.Count;
                    var lines = shown.Select(l => "- " + (l.Strong is null ? Esc(l.Text) : $"**{Esc(l.Strong)}** {(l.Who is null ? string.Empty : "(" + Esc(l.Who) + ") ")}{Esc(l.Text)}")).ToList();
                    if (list.More is not null)
                    {
                        lines.Add("_" + Esc(list.More) + "_");
                    }

                    builder.Add(AdaptiveElements.TextBlock(Esc(list.Title), weight: TextWeight.Bolder));
                    if (lines.Count > 0)
                    {
                        builder.Add(AdaptiveElements.TextBlock(string.Join("\r", lines)));
                    }

                    // One choice set per list, not a button per account: 200 buttons would not fit the 28 KB budget
                    // and would bury the list (ADR 0025). Its choices are the lines shown.
                    var actions = new List<JsonObject>(2);
                    var choices = shown.Where(l => l.AccountId is { Length: > 0 }).DistinctBy(l => l.AccountId, StringComparer.Ordinal)
                        .Select(l => (PlainTextEscaper.Escape($"{l.Strong ?? l.AccountId} · {l.AccountId}"), l.AccountId!)).ToList();
                    if (choices.Count > 0)
                    {
                        var id = string.Create(CultureInfo.InvariantCulture, $"digestAccount{inputs++}");
                        builder.Add(AdaptiveElements.ChoiceSet(id, Wording.OpenCardPlaceholder, choices));
                        actions.Add(AdaptiveActions.Execute(Wording.OpenCard, OpenCardVerb, new JsonObject { [InputKey] = id }));
                    }

                    if (list.ShowAll is { } showAll)
                    {
                        actions.Add(AdaptiveActions.Execute(Wording.ShowAll, ShowAllVerb, new JsonObject { [ShowAllKey] = showAll.ToValue() }));
                    }

                    if (actions.Count > 0)
                    {
                        builder.Add(AdaptiveElements.ActionSet(actions));
                    }

                    break;
                }

                case DigestNote note:
                    builder.Add(AdaptiveElements.TextBlock(Esc(note.Text), isSubtle: true));
                    break;
            }
        }

        if (content.Chart is not null)
        {
            builder.Add(AdaptiveElements.TextBlock("The chart follows in a reply.", TextSize.Small, isSubtle: true));
        }

        var footer = content.Footer.Text + (cut > 0 ? string.Create(CultureInfo.InvariantCulture, $" · {cut} more account line(s) left out to fit Teams' message size") : string.Empty);
        builder.Add(AdaptiveElements.TextBlock(Esc(footer), TextSize.Small, isSubtle: true));
        return builder.Build();
    }
}
