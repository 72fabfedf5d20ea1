using System.Text.Json;

namespace PlatformBot.Slack.Tests;

public sealed class BlockKitSerializationTests
{
    [Fact]
    public void Small_card_serializes_to_exact_block_kit_json()
    {
        SlackMessage message = new()
        {
            Text = "Acme Corp: health 72",
            ResponseType = SlackResponseType.InChannel,
            Blocks =
            [
                HeaderBlock.Create("Acme Corp"),
                new SectionBlock
                {
                    Text = new MrkdwnText("*Health:* 72 <@U123>"),
                    Fields = [new MrkdwnText("*ARR*\n$1.2M"), new PlainText("Renewal", Emoji: true)],
                    Accessory = new ButtonElement(new PlainText("Open"), "account.open") { Value = "acct-42", Style = ButtonStyle.Primary },
                },
                new DividerBlock(),
                new ContextBlock([new MrkdwnText("Updated today"), new ImageElement("https://example.com/i.png", "logo")]),
                new ActionsBlock([new StaticSelectElement("pick", new PlainText("Choose")) { Options = [SlackOption.Create("One", "1")] }])
                {
                    BlockId = "actions-1",
                },
            ],
        };

        var json = SlackJson.Serialize(message);

        Assert.Equal(
            """{"text":"Acme Corp: health 72","blocks":[{"type":"header","text":{"type":"plain_text","text":"Acme Corp"}},{"type":"section","text":{"type":"mrkdwn","text":"*Health:* 72 <@U123>"},"fields":[{"type":"mrkdwn","text":"*ARR*\n$1.2M"},{"type":"plain_text","text":"Renewal","emoji":true}],"accessory":{"type":"button","text":{"type":"plain_text","text":"Open"},"action_id":"account.open","value":"acct-42","style":"primary"}},{"type":"divider"},{"type":"context","elements":[{"type":"mrkdwn","text":"Updated today"},{"type":"image","image_url":"https://example.com/i.png","alt_text":"logo"}]},{"type":"actions","elements":[{"type":"static_select","action_id":"pick","placeholder":{"type":"plain_text","text":"Choose"},"options":[{"text":{"type":"plain_text","text":"One"},"value":"1"}]}],"block_id":"actions-1"}],"response_type":"in_channel"}""",
            json);
    }

    [Fact]
    public void Response_url_flags_and_thread_serialize_in_snake_case()
    {
        SlackMessage message = new() { Text = "done", ReplaceOriginal = true, DeleteOriginal = false, ThreadTs = "1.2", UnfurlLinks = false, UnfurlMedia = false, ResponseType = SlackResponseType.Ephemeral };

        Assert.Equal(
            """{"text":"done","response_type":"ephemeral","replace_original":true,"delete_original":false,"thread_ts":"1.2","unfurl_links":false,"unfurl_media":false}""",
            SlackJson.Serialize(message));
    }

    [Fact]
    public void Button_with_url_and_confirmation_dialog_serializes_fully()
    {
        ButtonElement button = new(new PlainText("Delete"), "sub.delete")
        {
            Url = "https://example.com/x",
            Style = ButtonStyle.Danger,
            Confirm = new ConfirmationDialog(new PlainText("Sure?"), new MrkdwnText("This *cannot* be undone"), new PlainText("Yes"), new PlainText("No")),
        };

        Assert.Equal(
            """{"type":"button","text":{"type":"plain_text","text":"Delete"},"action_id":"sub.delete","url":"https://example.com/x","style":"danger","confirm":{"title":{"type":"plain_text","text":"Sure?"},"text":{"type":"mrkdwn","text":"This *cannot* be undone"},"confirm":{"type":"plain_text","text":"Yes"},"deny":{"type":"plain_text","text":"No"}}}""",
            SlackJson.Serialize<BlockElement>(button));
    }

    [Fact]
    public void Home_view_serializes_with_its_type_first()
    {
        HomeView view = new([SectionBlock.Mrkdwn("Hello"), new ImageBlock("https://example.com/c.png", "chart") { Title = new PlainText("Chart") }])
        {
            PrivateMetadata = "v1",
        };

        Assert.Equal(
            """{"type":"home","blocks":[{"type":"section","text":{"type":"mrkdwn","text":"Hello"}},{"type":"image","image_url":"https://example.com/c.png","alt_text":"chart","title":{"type":"plain_text","text":"Chart"}}],"private_metadata":"v1"}""",
            SlackJson.Serialize(view));
    }

    [Fact]
    public void Overflow_and_external_select_serialize_with_their_types()
    {
        Block block = new SectionBlock
        {
            Text = new PlainText("More"),
            Accessory = new OverflowElement("more", [SlackOption.Create("Mute", "mute")]),
        };
        Block actions = new ActionsBlock([new ExternalSelectElement("account.search", new PlainText("Find")) { MinQueryLength = 2 }]);

        Assert.Equal(
            """{"type":"section","text":{"type":"plain_text","text":"More"},"accessory":{"type":"overflow","action_id":"more","options":[{"text":{"type":"plain_text","text":"Mute"},"value":"mute"}]}}""",
            SlackJson.Serialize(block));
        Assert.Equal(
            """{"type":"actions","elements":[{"type":"external_select","action_id":"account.search","placeholder":{"type":"plain_text","text":"Find"},"min_query_length":2}]}""",
            SlackJson.Serialize(actions));
    }

    [Fact]
    public void Blocks_round_trip_through_json_by_their_type()
    {
        IReadOnlyList<Block> blocks =
        [
            HeaderBlock.Create("H"),
            new SectionBlock { Text = new MrkdwnText("*x*", Verbatim: true), Accessory = new ImageElement("https://example.com/a.png", "a") },
            new ContextBlock([new PlainText("p"), new ImageElement("https://example.com/b.png", "b")]),
            new ActionsBlock([new ButtonElement(new PlainText("Go"), "go") { Value = "1" }]),
            new DividerBlock { BlockId = "d" },
        ];

        var json = SlackJson.Serialize(blocks);
        var back = JsonSerializer.Deserialize<IReadOnlyList<Block>>(json, SlackJson.Options);

        Assert.NotNull(back);
        Assert.Equal(json, SlackJson.Serialize(back));
        Assert.IsType<ImageElement>(Assert.IsType<SectionBlock>(back[1]).Accessory);
    }

    [Fact]
    public void Unknown_block_type_is_a_json_error_not_a_silent_drop()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Block>("""{"type":"rich_text"}""", SlackJson.Options));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("<@U123> <!channel>", "&lt;@U123&gt; &lt;!channel&gt;")]
    [InlineData("\"quoted\" 'single' é [x](y) #1", "\"quoted\" 'single' é [x](y) #1")]
    [InlineData("&amp;", "&amp;amp;")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Escape_turns_the_three_control_characters_into_entities_and_leaves_other_text_alone(string? input, string expected)
    {
        Assert.Equal(expected, SlackText.Escape(input));
    }

    /// <summary>Slack has no escape for formatting: zero-width spaces around a marker keep it from opening or closing anything.</summary>
    [Theory]
    [InlineData("*bold* _it_", "\u200B*\u200Bbold\u200B*\u200B \u200B_\u200Bit\u200B_\u200B")]
    [InlineData("~s~ `code`", "\u200B~\u200Bs\u200B~\u200B \u200B`\u200Bcode\u200B`\u200B")]
    [InlineData("acme_corp_2 a*b", "acme_corp_2 a*b")]
    [InlineData("see https://evil.example", "see https:\u200B//evil.example")]
    [InlineData("time 09:00", "time 09:00")]
    [InlineData("a\nb\u001b[2J\u202Ec", "a\uFFFDb\uFFFD[2J\uFFFDc")]
    public void Escape_keeps_formatting_links_and_control_characters_in_data_from_acting(string input, string expected)
    {
        Assert.Equal(expected, SlackText.Escape(input));
    }

    [Fact]
    public void Escape_lines_escapes_each_line_and_keeps_the_breaks()
    {
        Assert.Equal("a &lt;b&gt;\n\u200B_\u200Bc", SlackText.EscapeLines("a <b>\r\n_c"));
    }

    [Fact]
    public void Link_and_mention_helpers_build_mrkdwn_with_escaped_labels()
    {
        Assert.Equal("<https://example.com/a?b=1|Acme &amp; Co / EU>", SlackText.Link(new Uri("https://example.com/a?b=1"), "Acme & Co | EU"));
        Assert.Equal("<@U123>", SlackText.UserMention("U123"));
    }
}
