using System.Reflection;
using NetArchTest.Rules;

namespace PlatformBot.Host.Tests.Architecture;

/// <summary>
/// The boundaries between the host's feature folders, checked on the compiled host (ADR 0015): Digests decides what a
/// digest says and when it goes, each platform feature how it looks and is posted, so Digests knows no platform; only
/// the platform features speak a platform's protocol; and no two features lean on each other.
/// </summary>
public sealed class FeatureDependencyTests
{
    private const string Features = "PlatformBot.Host.Features";

    private static readonly Assembly Host = typeof(Program).Assembly;

    /// <summary>
    /// The features that may use the protocol adapters. Preview is the local page that shows an answer laid out as
    /// Slack would (ADR 0005): it renders Block Kit, so it uses the Slack adapter's types and Features.Slack's renderer.
    /// </summary>
    private static readonly string[] PlatformFeatures = ["Slack", "Teams", "Preview"];

    /// <summary>
    /// Cycles between features accepted for now, each as its features in order ("A, B"), with a comment naming why.
    /// None today: the Digests/Slack/Teams loop ended with IDigestChannel.
    /// </summary>
    private static readonly HashSet<string> KnownCycles = new(StringComparer.Ordinal);

    [Fact]
    public void Digests_depends_on_no_platform()
    {
        var result = Types.InAssembly(Host).That().ResideInNamespace($"{Features}.Digests")
            .ShouldNot().HaveDependencyOnAny("PlatformBot.Slack", "PlatformBot.Teams", $"{Features}.Slack", $"{Features}.Teams")
            .GetResult();

        Assert.True(result.IsSuccessful, "Features.Digests references a platform from: " + string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void Only_the_platform_features_use_the_protocol_adapters()
    {
        var offenders = FeatureNamespaces()
            .Where(f => !PlatformFeatures.Contains(f))
            .Select(f => (Feature: f, Result: Types.InAssembly(Host).That().ResideInNamespace($"{Features}.{f}")
                .ShouldNot().HaveDependencyOnAny("PlatformBot.Slack", "PlatformBot.Teams").GetResult()))
            .Where(r => !r.Result.IsSuccessful)
            .Select(r => $"{r.Feature}: {string.Join(", ", r.Result.FailingTypeNames ?? [])}")
            .ToList();

        Assert.True(offenders.Count == 0, "Features using a protocol adapter: " + string.Join("; ", offenders));
    }

    [Fact]
    public void The_features_depend_on_each_other_without_cycles()
    {
        var graph = FeatureGraph();
        var cycles = Cycles(graph)
            .Select(cycle => string.Join(", ", cycle.Order(StringComparer.Ordinal)))
            .Where(cycle => !KnownCycles.Contains(cycle))
            .ToList();

        Assert.True(cycles.Count == 0, "Features that depend on each other in a cycle: " + string.Join("; ", cycles) + Environment.NewLine + Describe(graph));
    }

    [Fact]
    public void The_graph_sees_a_dependency_where_there_is_one()
    {
        // Guards the guards: Slack implements Digests' IDigestChannel and Digests uses Lookup's wording, so both arrows
        // must be found; and Digests must not point back at Slack.
        var graph = FeatureGraph();

        Assert.Contains("Digests", graph["Slack"]);
        Assert.Contains("Digests", graph["Teams"]);
        Assert.Contains("Lookup", graph["Digests"]);
        Assert.DoesNotContain("Slack", graph["Digests"]);
        Assert.DoesNotContain("Teams", graph["Digests"]);
    }

    [Fact]
    public void The_rule_sees_a_platform_reference_when_there_is_one()
    {
        // The same NetArchTest check as for Digests must fail for Features.Teams, which does use the Teams adapter.
        var result = Types.InAssembly(Host).That().ResideInNamespace($"{Features}.Teams")
            .ShouldNot().HaveDependencyOnAny("PlatformBot.Teams").GetResult();

        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"],
            ["B"] = ["C"],
            ["C"] = ["A"],
            ["D"] = ["A"],
        };

        var cycle = Assert.Single(Cycles(graph));
        Assert.Equal(["A", "B", "C"], cycle.Order(StringComparer.Ordinal));
    }

    /// <summary>The feature folders' namespaces (PlatformBot.Host.Features.X), by X.</summary>
    private static List<string> FeatureNamespaces() =>
        [.. Host.GetTypes()
            .Select(t => t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith(Features + ".", StringComparison.Ordinal))
            .Select(n => n[(Features.Length + 1)..].Split('.')[0])
            .Distinct()
            .Order(StringComparer.Ordinal)];

    /// <summary>Feature -> the features its types depend on (NetArchTest reads the IL: fields, signatures, bodies).</summary>
    private static Dictionary<string, HashSet<string>> FeatureGraph()
    {
        var features = FeatureNamespaces();
        var graph = features.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal));
        foreach (var from in features)
        {
            foreach (var to in features.Where(t => t != from))
            {
                var result = Types.InAssembly(Host).That().ResideInNamespace($"{Features}.{from}")
                    .ShouldNot().HaveDependencyOn($"{Features}.{to}").GetResult();
                if (!result.IsSuccessful)
                {
                    graph[from].Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>The strongly connected components with more than one node (Tarjan): each is a cycle.</summary>
    private static List<List<string>> Cycles(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<List<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next) && index.TryGetValue(next, out var nextIndex))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);

                if (component.Count > 1)
                {
                    component.Reverse();
                    found.Add(component);
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return found;
    }

    private static string Describe(Dictionary<string, HashSet<string>> graph) =>
        string.Join(Environment.NewLine, graph.Select(kv => $"{kv.Key} -> {string.Join(", ", kv.Value.Order(StringComparer.Ordinal))}"));
}
