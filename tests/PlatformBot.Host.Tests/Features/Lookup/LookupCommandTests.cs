using PlatformBot.Host.Features.Lookup;

namespace PlatformBot.Host.Tests.Features.Lookup;

/// <summary>How `/adoption &lt;text&gt;` is read.</summary>
public sealed class LookupCommandTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("help")]
    [InlineData("HELP")]
    [InlineData("?")]
    [InlineData("--help")]
    [InlineData("/adoption")]
    [InlineData("\"\"")]
    public void Nothing_or_help_asks_for_help(string? text)
    {
        var command = LookupCommand.Parse(text);

        Assert.Equal(LookupVerb.Help, command.Verb);
        Assert.Null(command.Note);
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("-x acme")]
    [InlineData("???")]
    [InlineData("…")]
    public void Text_that_cannot_be_a_command_or_a_name_gets_help_with_a_note(string text)
    {
        var command = LookupCommand.Parse(text);

        Assert.Equal(LookupVerb.Help, command.Verb);
        Assert.Contains("is not a command or an account name", command.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("explain ci", "ci")]
    [InlineData("Explain  Security ", "Security")]
    [InlineData("help cd", "cd")]
    [InlineData("explain", "")]
    public void Explain_takes_the_rest_as_the_use_case(string text, string useCase)
    {
        var command = LookupCommand.Parse(text);

        Assert.Equal(LookupVerb.Explain, command.Verb);
        Assert.Equal(useCase, command.Argument);
    }

    [Theory]
    [InlineData("kpi", LookupVerb.Kpi)]
    [InlineData("KPI", LookupVerb.Kpi)]
    [InlineData("movers", LookupVerb.Movers)]
    [InlineData("subscribe score-changes", LookupVerb.Subscriptions)]
    [InlineData("subscriptions", LookupVerb.Subscriptions)]
    public void Single_word_commands_are_commands(string text, LookupVerb verb) =>
        Assert.Equal(verb, LookupCommand.Parse(text).Verb);

    [Theory]
    [InlineData("acme", "acme")]
    [InlineData("  Acme   Corp ", "Acme Corp")]
    [InlineData("A-000001", "A-000001")]
    [InlineData("kpi systems", "kpi systems")]
    [InlineData("Movers Inc", "Movers Inc")]
    [InlineData("\"kpi\"", "kpi")]
    [InlineData("“help”", "help")]
    [InlineData("/adoption acme labs", "acme labs")]
    public void Anything_else_is_an_account_lookup(string text, string query)
    {
        var command = LookupCommand.Parse(text);

        Assert.Equal(LookupVerb.Account, command.Verb);
        Assert.Equal(query, command.Argument);
    }
}
