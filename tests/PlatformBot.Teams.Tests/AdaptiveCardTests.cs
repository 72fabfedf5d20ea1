using System.Text.Json.Nodes;

namespace PlatformBot.Teams.Tests;

public sealed class AdaptiveCardTests
{
    [Fact]
    public void The_builder_produces_a_version_1_5_card_that_validates()
    {
        var card = ScoreCard();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal("Full", card["msteams"]!["width"]!.GetValue<string>());
    }

    [Fact]
    public void Action_Execute_carries_an_Action_Submit_fallback_with_the_verb()
    {
        var action = AdaptiveActions.Execute("Refresh", "score.refresh", new JsonObject { ["repo"] = "payments-api" });

        Assert.Equal("Action.Execute", action["type"]!.GetValue<string>());
        Assert.Equal("payments-api", action["data"]!["repo"]!.GetValue<string>());
        var fallback = action["fallback"]!;
        Assert.Equal("Action.Submit", fallback["type"]!.GetValue<string>());
        Assert.Equal("score.refresh", fallback["data"]!["verb"]!.GetValue<string>());
        Assert.Equal("payments-api", fallback["data"]!["repo"]!.GetValue<string>());
    }

    [Fact]
    public void A_card_message_wraps_the_card_as_an_adaptive_card_attachment()
    {
        var message = Activity.CreateCardMessage(ScoreCard(), "payments-api: 82");

        var attachment = Assert.Single(message.Attachments!);
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("AdaptiveCard", attachment.Content!["type"]!.GetValue<string>());
        Assert.Equal("payments-api: 82", message.Text);
        Assert.True(AdaptiveCardValidator.ValidateMessage(message).IsValid);
    }

    [Fact]
    public void Elements_can_be_reused_across_cards()
    {
        var title = AdaptiveElements.TextBlock("Shared");

        var first = new AdaptiveCardBuilder().Add(title).Build();
        var second = new AdaptiveCardBuilder().Add(title).Build();

        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }

    [Fact]
    public void Rejects_an_element_that_only_exists_after_1_5()
    {
        var card = ScoreCard();
        card["body"]!.AsArray().Add(new JsonObject { ["type"] = "Carousel", ["pages"] = new JsonArray() });

        var result = AdaptiveCardValidator.Validate(card);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Contains("'Carousel'", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_an_unknown_action_type_even_inside_an_ActionSet()
    {
        var card = new AdaptiveCardBuilder()
            .Add(AdaptiveElements.ActionSet(new JsonObject { ["type"] = "Action.Popover", ["title"] = "More" }))
            .Build();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.Contains(result.Errors, e => e.Contains("'Action.Popover'", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_a_card_version_above_1_5()
    {
        var card = ScoreCard();
        card["version"] = "1.6";

        Assert.Contains(AdaptiveCardValidator.Validate(card).Errors, e => e.Contains("newer than 1.5", StringComparison.Ordinal));
    }

    [Fact]
    public void Rejects_a_card_over_the_teams_message_limit()
    {
        var card = new AdaptiveCardBuilder().Add(AdaptiveElements.TextBlock(new string('x', 110 * 1024))).Build();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.False(result.IsValid);
        Assert.True(result.MessageBytes > AdaptiveCardValidator.MaxMessageBytes);
        Assert.Contains(result.Errors, e => e.Contains("Teams rejects", StringComparison.Ordinal));
    }

    [Fact]
    public void Warns_between_the_80_KB_target_and_the_limit()
    {
        var card = new AdaptiveCardBuilder().Add(AdaptiveElements.TextBlock(new string('x', 90 * 1024))).Build();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.True(result.IsValid);
        Assert.Single(result.Warnings);
    }

    [Fact]
    public void Inline_data_uri_images_do_not_count_toward_the_size_limit()
    {
        var png = new byte[200 * 1024];
        var card = new AdaptiveCardBuilder()
            .Add(AdaptiveElements.ImageData(png, "image/png", "Trend chart"))
            .Build();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.True(result.MessageBytes < 2 * 1024);
        Assert.StartsWith("data:image/png;base64,", card["body"]![0]!["url"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_inline_images_over_one_megabyte()
    {
        var card = new AdaptiveCardBuilder()
            .Add(AdaptiveElements.ImageData(new byte[1100 * 1024], "image/png", "Too big"))
            .Build();

        Assert.Contains(AdaptiveCardValidator.Validate(card).Errors, e => e.Contains("larger than 1 MB", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"TextBlock"}""", "text: is required")]
    [InlineData("""{"type":"Image","url":"http://example.com/a.png","altText":"a"}""", "https")]
    [InlineData("""{"type":"FactSet","facts":[]}""", "facts")]
    [InlineData("""{"type":"FactSet","facts":[{"title":"a"}]}""", "value: is required")]
    [InlineData("""{"type":"Column","items":[]}""", "only valid inside its parent")]
    [InlineData("""{"type":"Media","sources":[]}""", "not supported in Teams")]
    [InlineData("""{"type":"Container"}""", "items: is required")]
    [InlineData("""{"type":"ActionSet","actions":[{"type":"Action.OpenUrl","title":"x"}]}""", "url: is required")]
    [InlineData("""{"type":"Input.Text"}""", "id: is required")]
    [InlineData("""{"type":"ColumnSet","columns":[{"type":"TextBlock","text":"x"}]}""", "not allowed here")]
    [InlineData("""{"items":[]}""", "type is required")]
    [InlineData("""{"type":"TextBlock","text":"x","fallback":{"type":"Carousel"}}""", "'Carousel'")]
    public void Reports_missing_or_misplaced_properties(string elementJson, string expectedError)
    {
        var card = new AdaptiveCardBuilder().Add(JsonNode.Parse(elementJson)!.AsObject()).Build();

        var result = AdaptiveCardValidator.Validate(card);

        Assert.Contains(result.Errors, e => e.Contains(expectedError, StringComparison.Ordinal));
    }

    [Fact]
    public void Error_paths_point_at_the_offending_element()
    {
        var card = new AdaptiveCardBuilder()
            .Add(AdaptiveElements.ColumnSet(AdaptiveElements.Column("auto", new JsonObject { ["type"] = "TextBlock" })))
            .Build();

        var error = Assert.Single(AdaptiveCardValidator.Validate(card).Errors);

        Assert.StartsWith("attachments[0].content.body[0].columns[0].items[0].text:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Invoke_responses_follow_the_adaptiveCard_action_contract()
    {
        var card = AdaptiveCardInvokeResponses.Card(ScoreCard());
        var message = AdaptiveCardInvokeResponses.Message("Refreshed");
        var error = AdaptiveCardInvokeResponses.BadRequest("Unknown repository");

        Assert.Equal(200, card.Status);
        Assert.Equal(200, card.Body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", card.Body["type"]!.GetValue<string>());
        Assert.Equal("AdaptiveCard", card.Body["value"]!["type"]!.GetValue<string>());

        Assert.Equal("application/vnd.microsoft.activity.message", message.Body!["type"]!.GetValue<string>());
        Assert.Equal("Refreshed", message.Body["value"]!.GetValue<string>());

        Assert.Equal(200, error.Status); // Teams reads the outcome from the body
        Assert.Equal(400, error.Body!["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", error.Body["type"]!.GetValue<string>());
        Assert.Equal("BadRequest", error.Body["value"]!["code"]!.GetValue<string>());
        Assert.Equal(500, AdaptiveCardInvokeResponses.InternalError("boom").Body!["statusCode"]!.GetValue<int>());
    }

    private static JsonObject ScoreCard()
    {
        var details = new AdaptiveCardBuilder()
            .Add(AdaptiveElements.TextTable(["Metric", "Value"], [["Coverage", "78 %"], ["Open bugs", "3"]]));

        return new AdaptiveCardBuilder()
            .Add(
                AdaptiveElements.TextBlock("payments-api — quality score", TextSize.Large, TextWeight.Bolder),
                AdaptiveElements.ColumnSet(
                    AdaptiveElements.Column(AdaptiveElements.WidthAuto, AdaptiveElements.TextBlock("82", TextSize.ExtraLarge, color: TextColor.Good)),
                    AdaptiveElements.Column(
                        AdaptiveElements.WidthStretch,
                        AdaptiveElements.FactSet(("Coverage", "78 %"), ("Open bugs", "3"), ("Trend", "▲ +4")))),
                AdaptiveElements.Container(
                    ContainerStyle.Emphasis,
                    [AdaptiveElements.TextBlock("Last 30 days", isSubtle: true), AdaptiveElements.Image(new Uri("https://example.invalid/chart.png"), "Trend")],
                    bleed: true),
                AdaptiveElements.ImageData([0x89, 0x50, 0x4E, 0x47], "image/png", "Sparkline", ImageSize.Small),
                AdaptiveElements.Table(
                    [2, 1],
                    [
                        AdaptiveElements.TableRow(AdaptiveElements.TableCell(AdaptiveElements.TextBlock("Metric")), AdaptiveElements.TableCell(AdaptiveElements.TextBlock("Value"))),
                        AdaptiveElements.TableRow(AdaptiveElements.TableCell(AdaptiveElements.TextBlock("Coverage")), AdaptiveElements.TableCell(AdaptiveElements.TextBlock("78 %"))),
                    ]),
                AdaptiveElements.ActionSet(
                    AdaptiveActions.Execute("Refresh", "score.refresh", new JsonObject { ["repo"] = "payments-api" }),
                    AdaptiveActions.OpenUrl("Details", new Uri("https://example.invalid/scores/payments-api"))))
            .AddActions(
                AdaptiveActions.Submit("Subscribe", new JsonObject { ["verb"] = "subscribe" }),
                AdaptiveActions.ShowCard("Breakdown", details))
            .FullWidth()
            .WithRefresh("score.refresh", ["29:ada"])
            .WithFallbackText("payments-api: 82")
            .Build();
    }
}
