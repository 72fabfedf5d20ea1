using System.Text.Json.Nodes;
using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

public sealed class ScoringModelTests
{
    private static string DefaultJson()
    {
        using var stream = typeof(ScoringModel).Assembly.GetManifestResourceStream("PlatformBot.Scoring.Models.gitlab-current.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    private static string Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(DefaultJson())!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject Metric(JsonObject root, string useCase, int index) =>
        root["useCases"]!.AsArray().Single(u => (string)u!["id"]! == useCase)!["metrics"]![index]!.AsObject();

    [Fact]
    public void The_default_model_is_gitlabs_current_version()
    {
        Assert.Equal("gitlab-2026.1", Model.Version);
        Assert.Equal(["scm", "ci", "cd", "security"], Model.UseCases.Select(u => u.Id));
        Assert.Equal(3, Model.PlatformThreshold);
        Assert.Equal(["0", "1", "2", "3+", "no data"], Model.LevelLabels);
        Assert.Equal(["ultimate"], Model.FindUseCase("Security")!.Plans);
        Assert.Equal(18, Model.InputColumns.Count);
    }

    [Fact]
    public void The_older_model_is_data_and_changes_the_scm_color()
    {
        var older = ScoringModel.LoadEmbedded("gitlab-2023.json");
        var account = Account(Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", 40)))));

        var now = Engine.Score(account, AsOf);
        var then = new ScoringEngine(older).Score(account, AsOf);

        Assert.Equal("gitlab-2023.1", then.ModelVersion);
        Assert.Equal(HealthColor.Green, UseCase(now, "scm").Color);
        Assert.Equal(HealthColor.Yellow, UseCase(then, "scm").Color);
    }

    [Fact]
    public void Explain_texts_come_from_the_model()
    {
        var cd = Model.FindUseCase("cd")!;

        Assert.Equal("red < 5%, yellow >= 5% and <= 12%, green > 12%", cd.Metrics[0].Thresholds.Describe(cd.Metrics[0].Unit));
        Assert.Equal("(successful_deployments_28d) / (successful_deployments_28d + failed_deployments_28d)", cd.Metrics[2].Formula);
        Assert.Null(Model.FindUseCase("nope"));
    }

    public static TheoryData<string, string> BadModels => new()
    {
        { Mutate(r => Metric(r, "ci", 0)["ratio"]!["numerator"] = new JsonArray("ci_buildz_28d")), "use case 'ci' metric 'ci_builds_per_user': column 'ci_buildz_28d' is not in inputColumns (numerator)" },
        { Mutate(r => Metric(r, "scm", 0)["red"] = "=< 0.1"), "use case 'scm' metric 'git_operation_utilization': red '=< 0.1' has an unknown operator '=<' (expected one of <, <=, >, >=)" },
        { Mutate(r => Metric(r, "scm", 0)["green"] = ">= 0.05"), "use case 'scm' metric 'git_operation_utilization': red '<= 0.10' and green '>= 0.05' overlap" },
        { Mutate(r => r["useCases"]![1]!["id"] = "scm"), "use case id 'scm' appears twice" },
        { Mutate(r => r["platformThreshold"] = 7), "platformThreshold 7 must be between 1 and the number of use cases (4)" },
        { Mutate(r => r["useCases"]![0]!["rollup"] = "sum"), "use case 'scm': rollup 'sum' must be 'ratio' or 'points'" },
        { Mutate(r => r.Remove("version")), "version is missing" },
        { Mutate(r => r["productUsageWeights"]!["devops"] = 5), "productUsageWeights: 'devops' is neither license_utilization, engagement nor a use case id" },
        { Mutate(r => r["thresholdz"] = 1), "thresholdz" },
        { "{ \"id\": \"x\",\n  \"version\": ", "not valid JSON (line 2, column" },
    };

    [Theory]
    [MemberData(nameof(BadModels))]
    public void A_bad_model_is_rejected_with_a_message_naming_the_problem(string json, string expected)
    {
        var error = Assert.Throws<ScoringModelException>(() => ScoringModel.Load(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_a_clear_error()
    {
        var error = Assert.Throws<ScoringModelException>(() => ScoringModel.LoadFile("/nonexistent/model.json"));

        Assert.Contains("/nonexistent/model.json", error.Message, StringComparison.Ordinal);
    }
}
