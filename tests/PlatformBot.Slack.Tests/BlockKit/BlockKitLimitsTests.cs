namespace PlatformBot.Slack.Tests;

public sealed class BlockKitLimitsTests
{
    private static SlackMessage Apply(SlackMessage message) => BlockKitLimits.Apply(message).Value;

    [Fact]
    public void Message_within_limits_is_unchanged()
    {
        SlackMessage message = new() { Text = "hi", Blocks = [SectionBlock.Mrkdwn("hello"), new DividerBlock()] };

        var result = BlockKitLimits.Apply(message);

        Assert.False(result.WasAdjusted);
        Assert.Equal(SlackJson.Serialize(message), SlackJson.Serialize(result.Value));
    }

    [Fact]
    public void More_than_50_blocks_keeps_49_and_a_visible_note()
    {
        SlackMessage message = new() { Text = "t", Blocks = [.. Enumerable.Range(0, 60).Select(i => SectionBlock.Mrkdwn($"row {i}"))] };

        var result = BlockKitLimits.Apply(message);

        var blocks = result.Value.Blocks!;
        Assert.Equal(50, blocks.Count);
        Assert.Equal("row 48", ((MrkdwnText)((SectionBlock)blocks[48]).Text!).Text);
        var note = Assert.IsType<ContextBlock>(blocks[49]);
        Assert.Equal("… (cut: 11 more)", Assert.IsType<MrkdwnText>(Assert.Single(note.Elements)).Text);
        Assert.True(result.WasAdjusted);
    }

    [Fact]
    public void Home_view_allows_100_blocks()
    {
        HomeView view = new([.. Enumerable.Range(0, 100).Select(_ => (Block)new DividerBlock())]);
        HomeView over = new([.. Enumerable.Range(0, 101).Select(_ => (Block)new DividerBlock())]);

        Assert.Equal(100, BlockKitLimits.Apply(view).Value.Blocks.Count);
        Assert.False(BlockKitLimits.Apply(view).WasAdjusted);
        Assert.IsType<ContextBlock>(BlockKitLimits.Apply(over).Value.Blocks[99]);
    }

    [Fact]
    public void Long_section_text_is_cut_to_3000_with_the_number_cut()
    {
        SlackMessage message = new() { Text = "t", Blocks = [SectionBlock.Mrkdwn(new string('a', 5000))] };

        var text = ((SectionBlock)Apply(message).Blocks![0]).Text!.Text;

        Assert.True(text.Length <= BlockKitLimits.MaxSectionText);
        var note = BlockKitLimits.CutNote(5000 - text.IndexOf('…', StringComparison.Ordinal));
        Assert.EndsWith(note, text, StringComparison.Ordinal);
        Assert.Equal(new string('a', text.Length - note.Length), text[..^note.Length]);
    }

    [Fact]
    public void Header_is_cut_to_150_characters()
    {
        SlackMessage message = new() { Text = "t", Blocks = [HeaderBlock.Create(new string('h', 400))] };

        var header = ((HeaderBlock)Apply(message).Blocks![0]).Text.Text;

        Assert.True(header.Length <= 150);
        Assert.Contains("(cut: ", header, StringComparison.Ordinal);
    }

    [Fact]
    public void More_than_10_fields_keeps_9_and_a_note_field_and_cuts_long_fields()
    {
        SectionBlock section = new() { Fields = [new MrkdwnText(new string('f', 2500)), .. Enumerable.Range(1, 11).Select(i => (TextObject)new MrkdwnText($"f{i}"))] };

        var result = (SectionBlock)Apply(new SlackMessage { Text = "t", Blocks = [section] }).Blocks![0];

        Assert.Equal(10, result.Fields!.Count);
        Assert.True(result.Fields[0].Text.Length <= 2000);
        Assert.Equal("… (cut: 3 more)", result.Fields[9].Text);
    }

    [Fact]
    public void More_than_10_context_elements_keeps_9_and_a_note()
    {
        ContextBlock context = new([.. Enumerable.Range(0, 14).Select(i => (IContextElement)new PlainText($"c{i}"))]);

        var result = (ContextBlock)Apply(new SlackMessage { Text = "t", Blocks = [context] }).Blocks![0];

        Assert.Equal(10, result.Elements.Count);
        Assert.Equal("… (cut: 5 more)", ((TextObject)result.Elements[9]).Text);
    }

    [Fact]
    public void More_than_25_actions_keeps_25_and_adds_a_note_block_after_them()
    {
        ActionsBlock actions = new([.. Enumerable.Range(0, 30).Select(i => (BlockElement)new ButtonElement(new PlainText($"b{i}"), $"a{i}"))]);

        var blocks = Apply(new SlackMessage { Text = "t", Blocks = [actions, new DividerBlock()] }).Blocks!;

        Assert.Equal(25, Assert.IsType<ActionsBlock>(blocks[0]).Elements.Count);
        Assert.Equal("… (cut: 5 more)", ((TextObject)Assert.IsType<ContextBlock>(blocks[1]).Elements[0]).Text);
        Assert.IsType<DividerBlock>(blocks[2]);
    }

    [Fact]
    public void Button_text_value_and_action_id_are_cut_to_their_limits()
    {
        ButtonElement button = new(new PlainText(new string('b', 100)), new string('a', 300)) { Value = new string('v', 2100), Url = "https://example.com/" + new string('u', 3000) };

        var result = (ButtonElement)((ActionsBlock)Apply(new SlackMessage { Text = "t", Blocks = [new ActionsBlock([button])] }).Blocks![0]).Elements[0];

        Assert.True(result.Text.Text.Length <= 75);
        Assert.Contains("(cut: ", result.Text.Text, StringComparison.Ordinal);
        Assert.Equal(255, result.ActionId.Length);
        Assert.Equal(2000, result.Value!.Length);
        Assert.Null(result.Url); // a cut URL would lead somewhere else
    }

    [Fact]
    public void Option_text_and_value_are_cut_and_surplus_options_dropped()
    {
        StaticSelectElement select = new("pick", new PlainText("Pick"))
        {
            Options = [.. Enumerable.Range(0, 120).Select(i => new SlackOption(new PlainText(new string('o', 80)), new string('v', 160)))],
        };

        var result = (StaticSelectElement)((ActionsBlock)Apply(new SlackMessage { Text = "t", Blocks = [new ActionsBlock([select])] }).Blocks![0]).Elements[0];

        Assert.Equal(100, result.Options!.Count);
        Assert.All(result.Options, o =>
        {
            Assert.True(o.Text.Text.Length <= 75);
            Assert.Equal(150, o.Value.Length);
        });
    }

    [Fact]
    public void Overflow_keeps_at_most_5_options()
    {
        OverflowElement overflow = new("more", [.. Enumerable.Range(0, 8).Select(i => SlackOption.Create($"o{i}", $"{i}"))]);

        var result = (OverflowElement)((SectionBlock)Apply(new SlackMessage { Text = "t", Blocks = [new SectionBlock { Text = new PlainText("x"), Accessory = overflow }] }).Blocks![0]).Accessory!;

        Assert.Equal(5, result.Options.Count);
    }

    [Fact]
    public void Aggregate_text_over_the_budget_is_cut_at_a_block_boundary_with_a_note()
    {
        SlackMessage message = new() { Text = "t", Blocks = [.. Enumerable.Range(0, 10).Select(i => SectionBlock.Mrkdwn(new string('x', 2900)))] };

        var blocks = Apply(message).Blocks!;

        Assert.Equal(5, blocks.Count); // 4 × 2900 = 11,600 fits; the fifth would pass 12,000
        Assert.Equal("… (cut: 6 more)", ((TextObject)Assert.IsType<ContextBlock>(blocks[4]).Elements[0]).Text);
    }

    [Fact]
    public void Missing_top_level_text_is_filled_from_the_blocks()
    {
        SlackMessage message = new() { Blocks = [new DividerBlock(), HeaderBlock.Create("Acme weekly digest"), SectionBlock.Mrkdwn("body")] };

        Assert.Equal("Acme weekly digest", Apply(message).Text);
    }

    [Fact]
    public void Top_level_text_is_set_even_when_blocks_have_no_text()
    {
        Assert.Equal(BlockKitLimits.FallbackText, Apply(new SlackMessage { Blocks = [new DividerBlock()] }).Text);
        Assert.Equal(BlockKitLimits.FallbackText, Apply(new SlackMessage { Text = "  " }).Text);
    }

    [Fact]
    public void Delete_original_needs_no_text()
    {
        Assert.Null(Apply(new SlackMessage { DeleteOriginal = true }).Text);
    }

    [Fact]
    public void Long_top_level_text_is_cut_to_4000()
    {
        var text = Apply(new SlackMessage { Text = new string('t', 10_000) }).Text!;

        Assert.True(text.Length <= 4000);
        Assert.EndsWith("more)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 100)); // 200 UTF-16 units

        var cut = BlockKitLimits.Truncate(text, 75, mrkdwn: false);

        Assert.True(cut.Length <= 75);
        Assert.False(char.IsHighSurrogate(cut[cut.IndexOf('…', StringComparison.Ordinal) - 1]));
    }

    [Fact]
    public void Mrkdwn_truncation_does_not_leave_half_a_link_or_entity()
    {
        var link = "see <https://example.com/" + new string('p', 100) + "|the report> now";
        var entity = new string('a', 58) + "&amp; more text here that goes on";

        var cutLink = BlockKitLimits.Truncate(link, 80, mrkdwn: true);
        var cutEntity = BlockKitLimits.Truncate(entity, 60, mrkdwn: true);

        Assert.StartsWith("see … (cut:", cutLink, StringComparison.Ordinal);
        Assert.DoesNotContain("&am…", cutEntity, StringComparison.Ordinal);
        Assert.DoesNotContain('&', cutEntity);
    }

    [Fact]
    public void Block_suggestion_options_are_limited_too()
    {
        BlockSuggestionResponse response = new() { Options = [.. Enumerable.Range(0, 150).Select(i => SlackOption.Create($"o{i}", $"{i}"))] };

        Assert.Equal(100, BlockKitLimits.Apply(response).Value.Options!.Count);
    }
}
