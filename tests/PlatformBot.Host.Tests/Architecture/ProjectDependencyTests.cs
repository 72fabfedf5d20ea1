using System.Reflection;
using NetArchTest.Rules;

namespace PlatformBot.Host.Tests.Architecture;

/// <summary>
/// The boundaries the projects exist for, checked on the compiled assemblies: a rule that only lived in a diagram
/// would drift. Scoring is pure; Data knows nothing of the host (it stores the scoring model's inputs and scores); the protocol adapters know their
/// platform and nothing of PlatformBot.
/// </summary>
public sealed class ProjectDependencyTests
{
    private static readonly Assembly Scoring = typeof(PlatformBot.Scoring.ScoringEngine).Assembly;
    private static readonly Assembly Data = typeof(PlatformBot.Data.PlatformBotDbContext).Assembly;
    private static readonly Assembly Slack = typeof(PlatformBot.Slack.SlackRequestVerifier).Assembly;
    private static readonly Assembly Teams = typeof(PlatformBot.Teams.Activity).Assembly;
    private static readonly Assembly Host = typeof(Program).Assembly;

    public static TheoryData<string, string[]> Rules => new()
    {
        { "PlatformBot.Scoring", ["PlatformBot.Data", "PlatformBot.Slack", "PlatformBot.Teams", "PlatformBot.Host", "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Microsoft.Extensions"] },
        // Data may use Scoring: the store API reads the engine's inputs and stores its scores in their one stored form (ADR 0017).
        { "PlatformBot.Data", ["PlatformBot.Host", "PlatformBot.Slack", "PlatformBot.Teams", "Microsoft.AspNetCore"] },
        { "PlatformBot.Slack", ["PlatformBot.Host", "PlatformBot.Scoring", "PlatformBot.Data", "PlatformBot.Teams"] },
        { "PlatformBot.Teams", ["PlatformBot.Host", "PlatformBot.Scoring", "PlatformBot.Data", "PlatformBot.Slack"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_project_does_not_reference_what_its_boundary_excludes(string project, string[] forbidden)
    {
        var assembly = project switch
        {
            "PlatformBot.Scoring" => Scoring,
            "PlatformBot.Data" => Data,
            "PlatformBot.Slack" => Slack,
            "PlatformBot.Teams" => Teams,
            _ => throw new ArgumentOutOfRangeException(nameof(project)),
        };

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{project} references {string.Join(" or ", forbidden)} from: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rule_sees_a_reference_when_there_is_one()
    {
        // Guards the guard: the host does reference Scoring, so the same check must fail for it.
        var result = Types.InAssembly(Host).ShouldNot().HaveDependencyOnAny("PlatformBot.Scoring").GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void The_assemblies_are_the_ones_named()
    {
        Assert.Equal(["PlatformBot.Scoring", "PlatformBot.Data", "PlatformBot.Slack", "PlatformBot.Teams", "platformbot"],
            new[] { Scoring, Data, Slack, Teams, Host }.Select(a => a.GetName().Name));
    }
}
