namespace PlatformBot.Teams.Tests;

public sealed class TeamsTextTests
{
    [Theory]
    [InlineData("Acme Corp", "Acme Corp")]
    [InlineData("**b** _i_", @"\*\*b\*\* \_i\_")]
    [InlineData("[x](https://evil.example)", @"\[x\]\(https\://evil.example\)")]
    [InlineData("<at>x</at>", @"\<at\>x\</at\>")]
    [InlineData("`code` ~s~ a|b", @"\`code\` \~s\~ a\|b")]
    [InlineData(@"# h > q - l + p \", @"\# h \> q \- l \+ p \\")]
    [InlineData("1. first", @"1\. first")]
    [InlineData("Inc. 2.5", "Inc. 2.5")]
    [InlineData("AT&T 09:00", "AT&T 09:00")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Escape_puts_a_backslash_before_everything_markdown_could_read_as_markup(string? input, string expected)
    {
        Assert.Equal(expected, TeamsText.Escape(input));
    }

    [Fact]
    public void Escape_replaces_control_characters_so_data_cannot_start_a_line()
    {
        Assert.Equal("a\uFFFD\\- x\uFFFD\\[2J\uFFFDb", TeamsText.Escape("a\n- x\u001b[2J\u202Eb"));
    }

    [Fact]
    public void Escape_lines_escapes_each_line_and_makes_each_break_a_blank_line()
    {
        Assert.Equal("\\*a\\*\n\nb", TeamsText.EscapeLines("*a*\r\nb"));
    }
}
