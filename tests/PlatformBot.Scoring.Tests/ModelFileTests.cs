using System.Text.Json.Nodes;
using static PlatformBot.Scoring.Tests.Build;

namespace PlatformBot.Scoring.Tests;

/// <summary>The model file: what a bad one is told, the helpers others use, and the explain texts.</summary>
public sealed class ModelFileTests
{
    private static string Mutate(Action<JsonObject> change)
    {
        var root = JsonNode.Parse(KpiAndLevelTests.EmbeddedJson("gitlab-current.json"))!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    private static JsonObject UseCaseNode(JsonObject root, string id) =>
        root["useCases"]!.AsArray().Single(u => (string)u!["id"]! == id)!.AsObject();

    private static JsonObject Metric(JsonObject root, string useCase, int index) => UseCaseNode(root, useCase)["metrics"]![index]!.AsObject();

    private static JsonArray Tenure(JsonObject root) => root["licenseUtilization"]!["tenureBands"]!.AsArray();

    public static TheoryData<string, string> BadModels => new()
    {
        // columns
        { Mutate(r => Metric(r, "ci", 0)["ratio"]!["numerator"] = new JsonArray("ci_buildz_28d")), "use case 'ci' metric 'ci_builds_per_user': column 'ci_buildz_28d' is not in inputColumns" },
        { Mutate(r => Metric(r, "cd", 2)["ratio"]!["denominator"] = new JsonArray()), "use case 'cd' metric 'successful_deployment_rate': denominator lists no columns" },
        { Mutate(r => r["inputColumns"]!.AsArray().Add("billable_users")), "inputColumns lists 'billable_users' twice" },
        { Mutate(r => r["inputColumns"]!.AsArray().Add("instance_id")), "inputColumns: 'instance_id' is a usage key column" },
        { Mutate(r => r["inputColumns"]!.AsArray().Add("Seats")), "inputColumns: 'Seats' is not a lower-case column name" },
        { Mutate(r => Metric(r, "security", 2)["ratio"] = new JsonObject { ["numerator"] = new JsonArray("sast_scans_28d"), ["denominator"] = new JsonArray("billable_users") }), "use case 'security' metric 'scanner_types_in_use': give exactly one of 'ratio' or 'countPositive'" },

        // operators and numbers
        { Mutate(r => Metric(r, "cd", 1)["green"] = "=> 7"), "use case 'cd' metric 'deployments_per_user': green '=> 7' has an unknown operator '=>'" },
        { Mutate(r => Metric(r, "cd", 1)["green"] = "7"), "use case 'cd' metric 'deployments_per_user': green '7' has no operator" },
        { Mutate(r => Metric(r, "ci", 0)["red"] = "<= two"), "use case 'ci' metric 'ci_builds_per_user': red '<= two': 'two' is not a finite number" },
        { Mutate(r => Metric(r, "ci", 0)["green"] = "< 40"), "use case 'ci' metric 'ci_builds_per_user': green '< 40' must use > or >=" },
        { Mutate(r => Metric(r, "ci", 0)["red"] = ">= 2"), "use case 'ci' metric 'ci_builds_per_user': red '>= 2' must use < or <=" },
        { Mutate(r => Metric(r, "ci", 0).Remove("red")), "use case 'ci' metric 'ci_builds_per_user': red is missing" },

        // overlapping and missing bands
        { Mutate(r => Metric(r, "cd", 0)["green"] = ">= 0.04"), "use case 'cd' metric 'deployment_user_utilization': red '< 0.05' and green '>= 0.04' overlap" },
        { Mutate(r => Metric(r, "cd", 0)["green"] = ">= 0.05"), "use case 'cd' metric 'deployment_user_utilization': yellow '0.05 to 0.12' does not match what red '< 0.05' and green '>= 0.05' leave (none)" },
        { Mutate(r => Metric(r, "scm", 0)["red"] = "<= 0.40"), "use case 'scm' metric 'git_operation_utilization': red '<= 0.40' and green '> 0.33' overlap" },
        { Mutate(r => Metric(r, "scm", 0)["yellow"] = "> 0.10 and < 0.33"), "use case 'scm' metric 'git_operation_utilization': yellow '> 0.10 and < 0.33' does not match what red '<= 0.1' and green '> 0.33' leave (> 0.1 and <= 0.33)" },
        { Mutate(r => Metric(r, "cd", 0)["yellow"] = "0.04 to 0.12"), "use case 'cd' metric 'deployment_user_utilization': yellow '0.04 to 0.12' does not match" },
        { Mutate(r => Metric(r, "cd", 0)["yellow"] = "between 0.05 and 0.12"), "yellow 'between 0.05 and 0.12' is not a band" },
        { Mutate(r => Tenure(r)[3]!["yellow"] = "> 0.5 and <= 0.75"), "licenseUtilization.tenureBands[3]: yellow '> 0.5 and <= 0.75' does not match what red '<= 0.75' and green '> 0.75' leave (none)" },
        { Mutate(r => Tenure(r)[2]!["fromMonths"] = 8), "licenseUtilization.tenureBands[2] leaves month 7 without a band" },
        { Mutate(r => Tenure(r)[2]!["fromMonths"] = 5), "licenseUtilization.tenureBands[2] overlaps the previous band: months 5-6 would be in both" },
        { Mutate(r => Tenure(r)[3]!["toMonths"] = 40), "licenseUtilization.tenureBands must end with an open-ended band" },
        { Mutate(r => Tenure(r)[0]!["red"] = "<= 0.1"), "licenseUtilization.tenureBands[0] is not scored but has thresholds" },
        { Mutate(r => r["engagement"]!["green"] = ">= 0.40"), "engagement: red '< 0.50' and green '>= 0.40' overlap" },
        { Mutate(r => r["points"]!["green"] = 70), "points.green 70 must be above bands.greenAbove 75" },
        { Mutate(r => r["points"]!["red"] = 55), "points.red 55 must be at most bands.yellowAbove 50" },
        { Mutate(r => r["bands"]!["yellowAbove"] = 80), "bands.yellowAbove must be below bands.greenAbove" },
        { Mutate(r => r["points"]!["yellow"] = 20), "points must rise from red to yellow to green" },

        // duplicates and ranges
        { Mutate(r => Metric(r, "cd", 1)["id"] = "Deployment_User_Utilization"), "use case 'cd' metric 'Deployment_User_Utilization' appears twice" },
        { Mutate(r => UseCaseNode(r, "ci")["id"] = "SCM"), "use case id 'SCM' appears twice" },
        { Mutate(r => UseCaseNode(r, "ci")["name"] = "scm"), "use case 'ci': name 'scm' is already used by another use case" },
        { Mutate(r => r["platformThreshold"] = 0), "platformThreshold 0 must be between 1 and the number of use cases (4)" },
        { Mutate(r => r["platformThreshold"] = 5), "platformThreshold 5 must be between 1 and the number of use cases (4)" },
        { Mutate(r => r["stalenessDays"] = 0), "stalenessDays must be at least 1" },
        { Mutate(r => r["scoredInstanceTypes"] = new JsonArray()), "scoredInstanceTypes must list at least one instance type" },
        { Mutate(r => UseCaseNode(r, "security")["plans"] = new JsonArray(" ")), "use case 'security': plans lists an empty plan name" },
        { Mutate(r => Metric(r, "scm", 0)["unit"] = "percent"), "use case 'scm' metric 'git_operation_utilization': unit 'percent' must be 'share'" },
        { Mutate(r => UseCaseNode(r, "cd")["metrics"] = new JsonArray()), "use case 'cd' has no metrics" },
        { Mutate(r => UseCaseNode(r, "cd")["rollup"] = "mean"), "use case 'cd': rollup 'mean' must be 'ratio' or 'points'" },
        { Mutate(r => r["productUsageWeights"] = new JsonObject { ["scm"] = 0, ["ci"] = 0 }), "productUsageWeights: at least one weight must be above 0" },
        { Mutate(r => r["productUsageWeights"]!["ci"] = -1), "productUsageWeights: 'ci' must be a weight >= 0" },
        { Mutate(r => r.Remove("inputColumns")), "inputColumns is missing" },
        { Mutate(r => r.Remove("engagement")), "engagement is missing" },

        // JSON itself
        { Mutate(r => r["platformThreshold"] = "three"), "not valid JSON (line 1, column" },
        { Mutate(r => r["platformThreshold"] = "three"), "at $.platformThreshold: expected a whole number here" },
        { "{\n  \"id\": \"x\",\n  \"version\": 1.0.0\n}", "not valid JSON (line 3, column" },
        { "{\n  \"id\": \"x\",\n  \"versoin\": \"1\"\n}", "versoin" },
        { "null", "the file is empty" },

        // the Service Ping mapping
        { Mutate(r => r["servicePing"]!["columns"]!["ci_buildz_28d"] = new JsonArray(new JsonObject { ["path"] = "counts_monthly.ci_builds" })), "servicePing.columns.ci_buildz_28d: 'ci_buildz_28d' is not in inputColumns" },
        { Mutate(r => r["servicePing"]!["columns"]!["ci_builds_28d"] = new JsonArray()), "servicePing.columns.ci_builds_28d: list at least one key path" },
        { Mutate(r => r["servicePing"]!["columns"]!["ci_builds_28d"]![0]!["path"] = "counts..ci_builds"), "servicePing.columns.ci_builds_28d[0].path 'counts..ci_builds' is not a dotted key path" },
        { Mutate(r => r["servicePing"]!["columns"]!["ci_builds_28d"]![0]!["fromVersion"] = "sixteen"), "servicePing.columns.ci_builds_28d[0].fromVersion 'sixteen' is not a GitLab version" },
        { Mutate(r => r["servicePing"]!["columns"]!["ci_builds_28d"]![0]!["form"] = "16.10"), "unknown property 'form'" },
    };

    [Theory]
    [MemberData(nameof(BadModels))]
    public void Each_bad_model_file_is_rejected_with_a_message_naming_its_problem(string json, string expected)
    {
        var error = Assert.Throws<ScoringModelException>(() => ScoringModel.Load(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_shipped_models_map_every_input_column_from_service_ping_with_the_ci_builds_key_gated_to_16_10()
    {
        foreach (var model in new[] { Model, ScoringModel.LoadEmbedded("gitlab-2023.json") })
        {
            var mapping = model.ServicePing!;
            Assert.Equal(model.InputColumns, mapping.Columns.Select(c => c.Column));
            var ci = mapping.Columns.Single(c => c.Column == "ci_builds_28d").Paths;
            Assert.Equal(["counts.count_total_create_ci_build_monthly", "counts_monthly.ci_builds"], ci.Select(p => p.Path));
            Assert.False(ci[0].AppliesTo(new Version(16, 9)));
            Assert.True(ci[0].AppliesTo(new Version(16, 10)));
            Assert.False(ci[0].AppliesTo(null));
        }
    }

    [Theory]
    [InlineData("16.9.1-ee", 16, 9)]
    [InlineData("16.10.0", 16, 10)]
    [InlineData("12.10.0-pre", 12, 10)]
    [InlineData("17.0.0-rc42-ee", 17, 0)]
    public void A_payload_version_reads_as_its_major_and_minor(string text, int major, int minor) =>
        Assert.Equal(new Version(major, minor), ServicePingMapping.ParseVersion(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ee")]
    [InlineData("16")]
    public void A_payload_version_that_is_no_version_reads_as_unknown(string? text) => Assert.Null(ServicePingMapping.ParseVersion(text));

    [Fact]
    public void Both_shipped_models_load_and_differ_only_in_scm()
    {
        var older = ScoringModel.LoadEmbedded("gitlab-2023.json");

        Assert.Equal(["gitlab-2023.json", "gitlab-current.json"], ScoringModel.EmbeddedModelNames);
        Assert.Equal("gitlab-2023.1", older.Version);
        Assert.Equal("red <= 25%, yellow > 25% and <= 50%, green > 50%", older.FindUseCase("scm")!.Metrics[0].BandsText);
        Assert.Equal(
            Model.UseCases.Where(u => u.Id != "scm").SelectMany(u => u.Metrics).Select(m => m.BandsText),
            older.UseCases.Where(u => u.Id != "scm").SelectMany(u => u.Metrics).Select(m => m.BandsText));
    }

    [Theory]
    [InlineData(25, HealthColor.Yellow, HealthColor.Red)]
    [InlineData(26, HealthColor.Yellow, HealthColor.Yellow)]
    [InlineData(40, HealthColor.Green, HealthColor.Yellow)]
    [InlineData(50, HealthColor.Green, HealthColor.Yellow)]
    [InlineData(51, HealthColor.Green, HealthColor.Green)]
    public void The_same_usage_scores_differently_under_the_2023_model(double gitUsers, HealthColor current, HealthColor in2023)
    {
        var account = Account(Sub("S-1", 1, "premium", Row("i-1", Values(("billable_users", 100), ("git_operation_users_28d", gitUsers)))));

        Assert.Equal(current, UseCase(Engine.Score(account, AsOf), "scm").Color);
        Assert.Equal(in2023, UseCase(new ScoringEngine(ScoringModel.LoadEmbedded("gitlab-2023.json")).Score(account, AsOf), "scm").Color);
    }

    [Fact]
    public void An_unknown_embedded_model_name_lists_the_ones_there_are()
    {
        var error = Assert.Throws<ScoringModelException>(() => ScoringModel.LoadEmbedded("gitlab-2019.json"));

        Assert.Contains("gitlab-2019.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("gitlab-current.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_file_reads_a_model_and_prefixes_its_errors_with_the_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scoring-model-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(path, KpiAndLevelTests.EmbeddedJson("gitlab-2023.json"));
            Assert.Equal("gitlab-2023.1", ScoringModel.LoadFile(path).Version);

            File.WriteAllText(path, Mutate(r => r["platformThreshold"] = 9));
            var error = Assert.Throws<ScoringModelException>(() => ScoringModel.LoadFile(path));
            Assert.Equal($"Scoring model file '{path}': platformThreshold 9 must be between 1 and the number of use cases (4)", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_yellow_band_may_be_left_out_of_the_file()
    {
        var model = ScoringModel.Load(Mutate(r => Metric(r, "scm", 0).Remove("yellow")));

        Assert.Equal("> 10% and <= 33%", model.FindUseCase("scm")!.Metrics[0].YellowText);
    }

    [Theory]
    [InlineData("ci", "ci")]
    [InlineData("CI", "ci")]
    [InlineData(" Security ", "security")]
    [InlineData("scm", "scm")]
    [InlineData("SCM", "scm")]
    public void Use_cases_are_found_by_id_or_name_case_insensitively(string text, string id) =>
        Assert.Equal(id, Model.FindUseCase(text)!.Id);

    [Fact]
    public void Unknown_use_cases_and_columns_are_reported_as_absent()
    {
        Assert.Null(Model.FindUseCase("devsecops"));
        Assert.Equal(-1, Model.IndexOfInput("seats"));
        Assert.Equal(0, Model.IndexOfInput("billable_users"));
        Assert.Equal("api_fuzzing_scans_28d", Model.InputColumns[Model.IndexOfInput("api_fuzzing_scans_28d")]);
    }

    [Fact]
    public void The_default_model_carries_the_spec_settings()
    {
        Assert.Equal((25.0, 63.0, 88.0), Model.Points);
        Assert.Equal((75.0, 50.0), Model.Bands);
        Assert.Equal(60, Model.StalenessDays);
        Assert.Equal(["production"], Model.ScoredInstanceTypes);
        Assert.Equal([RollupMode.Ratio, RollupMode.Points, RollupMode.Points, RollupMode.Points], Model.UseCases.Select(u => u.Rollup));
        Assert.Empty(Model.FindUseCase("ci")!.Plans);
        Assert.Equal(0.90, Model.ExpansionSignalAtOrAbove);
        Assert.Equal(0.75, Model.SeatReductionRiskBelow);
        Assert.Equal(100, Model.ProductUsageWeights.Values.Sum());
        Assert.NotEmpty(Model.Description);
    }

    public static TheoryData<string, string, string, string> ExplainTexts => new()
    {
        { "git_operation_utilization", "<= 10%", "> 10% and <= 33%", "> 33%" },
        { "ci_builds_per_user", "<= 2", "> 2 and <= 40", "> 40" },
        { "deployment_user_utilization", "< 5%", ">= 5% and <= 12%", "> 12%" },
        { "deployments_per_user", "< 2", ">= 2 and <= 7", "> 7" },
        { "successful_deployment_rate", "< 25%", ">= 25% and <= 80%", "> 80%" },
        { "secure_scanner_utilization", "<= 5%", "> 5% and < 20%", ">= 20%" },
        { "scans_per_pipeline", "< 0.1", ">= 0.1 and <= 0.5", "> 0.5" },
        { "scanner_types_in_use", "<= 1", "> 1 and < 3", ">= 3" },
    };

    [Theory]
    [MemberData(nameof(ExplainTexts))]
    public void Every_metric_has_human_text_for_each_band(string metricId, string red, string yellow, string green)
    {
        var metric = Model.UseCases.SelectMany(u => u.Metrics).Single(m => m.Id == metricId);

        Assert.Equal((red, yellow, green), (metric.RedText, metric.YellowText, metric.GreenText));
        Assert.Equal($"red {red}, yellow {yellow}, green {green}", metric.BandsText);
    }

    [Fact]
    public void A_band_with_no_yellow_says_so()
    {
        var tenYears = Model.TenureBands[^1].Thresholds!;

        Assert.False(tenYears.HasYellow);
        Assert.Equal("none", tenYears.YellowText());
        Assert.Equal("red <= 75%, no yellow band, green > 75%", tenYears.Describe("share"));
    }

    [Fact]
    public void Metric_results_carry_the_threshold_texts_for_the_account_card()
    {
        var metric = UseCase(Single("premium", ("git_operation_users_28d", 20)), "scm").Metrics[0];

        Assert.Equal("> 33%", metric.GreenThreshold);
        Assert.Equal("red <= 10%, yellow > 10% and <= 33%, green > 33%", metric.Thresholds);
        Assert.Equal("share", metric.Unit);
    }
}
