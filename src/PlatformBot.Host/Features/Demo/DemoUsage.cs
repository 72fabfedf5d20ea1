namespace PlatformBot.Host.Features.Demo;

/// <summary>
/// Writes the usage file: one row per reporting instance per week, oldest week first. Values for the known
/// (GitLab) input columns come from the account's latent maturity per theme, mapped so that maturity 1/3 and 2/3
/// land on the default model's red and green thresholds: low maturity reads red, middling yellow, high green, and
/// weekly noise and drift move accounts across the bands. Input columns of another model that this generator
/// does not know get small random counts.
/// </summary>
internal sealed class DemoUsage
{
    // Scan columns in order of popularity: an instance using k scanner types uses the first k.
    private static readonly string[] ScanColumns =
    [
        "sast_scans_28d", "secret_detection_scans_28d", "dependency_scanning_scans_28d", "container_scanning_scans_28d",
        "dast_scans_28d", "api_fuzzing_scans_28d", "coverage_fuzzing_scans_28d",
    ];

    private static readonly double[] ScanWeights = [0.30, 0.22, 0.18, 0.12, 0.08, 0.06, 0.04];

    // Maturity 0, 1/3, 2/3, 1 -> value; 1/3 and 2/3 sit on the default model's red and green edges.
    private static readonly Curve GitShare = Curve.Linear(0.01, 0.10, 0.33, 0.95);
    private static readonly Curve BuildsPerUser = Curve.Geometric(0.2, 2, 40, 150);
    private static readonly Curve DeployerShare = Curve.Linear(0.005, 0.05, 0.12, 0.40);
    private static readonly Curve DeploymentsPerUser = Curve.Geometric(0.1, 2, 7, 30);
    private static readonly Curve SuccessRate = Curve.Linear(0.10, 0.25, 0.80, 0.99);
    private static readonly Curve ScannerShare = Curve.Linear(0.005, 0.05, 0.20, 0.60);
    private static readonly Curve ScannerTypes = Curve.Linear(0, 1.5, 2.5, 7);
    private static readonly Curve ScansPerPipeline = Curve.Geometric(0.01, 0.1, 0.5, 3);

    private readonly DemoPopulation _population;
    private readonly IReadOnlyList<string> _columns;
    private readonly Random _random;
    private readonly int[] _known; // input column index -> Known slot, -1 when unknown to this generator
    private readonly BlindSpots[] _group; // input column index -> the blind-spot group that empties it
    private readonly long[] _values = new long[(int)Known.Count];

    public DemoUsage(DemoPopulation population, IReadOnlyList<string> columns, Random random)
    {
        _population = population;
        _columns = columns;
        _random = random;
        _known = columns.Select(KnownSlot).ToArray();
        _group = _known.Select(GroupOf).ToArray();
    }

    private enum Known
    {
        BillableUsers, LicensedUsers, ActiveUsers, GitOperationUsers, CiBuilds, DeploymentUsers, Deployments,
        SuccessfulDeployments, FailedDeployments, SecureScannerUsers, CiInternalPipelines,
        Sast, SecretDetection, DependencyScanning, ContainerScanning, Dast, ApiFuzzing, CoverageFuzzing,
        Count,
    }

    public async ValueTask WriteAsync(CsvPipeWriter csv, CancellationToken cancellationToken)
    {
        await csv.HeaderAsync(["instance_id", "subscription_id", "instance_type", "snapshot_date", .. _columns], cancellationToken);
        for (var week = 0; week < _population.Weeks; week++)
        {
            var date = _population.DateOf(week);
            foreach (var account in _population.Accounts)
            {
                if (week > 0)
                {
                    DemoPopulation.Advance(account, _random);
                }

                foreach (var subscription in account.Subscriptions)
                {
                    foreach (var instance in subscription.Instances)
                    {
                        if (!instance.ReportsIn(week))
                        {
                            continue;
                        }

                        Compute(account, subscription, instance, date);
                        csv.Field(instance.Id);
                        csv.Field(subscription.Id);
                        csv.Field(instance.Type);
                        csv.Field(date);
                        for (var c = 0; c < _columns.Count; c++)
                        {
                            // A few cells are missing at random (a failed collector): empty means unknown, not zero.
                            if ((_group[c] & instance.Blind) != BlindSpots.None || _random.NextDouble() < 0.004)
                            {
                                csv.Empty();
                            }
                            else
                            {
                                csv.Field(_known[c] >= 0 ? _values[_known[c]] : _random.Next(0, 50));
                            }
                        }

                        if (!await csv.EndRowAsync(cancellationToken))
                        {
                            return; // the importer stopped reading; it reports why
                        }
                    }
                }
            }
        }
    }

    private void Compute(DemoAccount account, DemoSubscription subscription, DemoInstance instance, DateOnly date)
    {
        var random = _random;
        var maturity = account.Maturity;
        var offsets = subscription.ThemeOffsets;
        double M(int theme) => Math.Clamp(maturity[theme] + offsets[theme] + DemoPopulation.Noise(random, 0.05), 0, 1);

        // Seats: new customers ramp up over their first months; then a small weekly wobble.
        var months = (date.DayNumber - subscription.CustomerSince.DayNumber) / 30.44;
        var ramp = Math.Clamp(0.1 + (months / 8), 0.1, 1);
        var utilization = Math.Clamp((subscription.Utilization * ramp) + DemoPopulation.Noise(random, 0.01), 0.01, 1);
        var licensed = subscription.LicensedUsers;
        var billable = Math.Max(1, (long)Math.Round(licensed * utilization * instance.UserShare));
        var activity = instance.Activity;

        // SCM, CI
        var git = Users(billable, GitShare.At(M(0)) * activity);
        var builds = Count(billable, BuildsPerUser.At(M(1)) * activity);
        var pipelines = (long)Math.Round(builds / (3 + (5 * random.NextDouble())));

        // CD: three metrics with their own noise, so a use case can be mixed (yellow)
        var deployUsers = Users(billable, DeployerShare.At(M(2)) * activity);
        var deployments = Count(billable, DeploymentsPerUser.At(M(2)) * activity);
        var successful = (long)Math.Round(deployments * SuccessRate.At(M(2)));

        // Security (premium subscriptions are not scored for it and use little of it)
        var security = subscription.Plan == "ultimate" ? 1.0 : 0.3;
        var scannerTypes = (int)Math.Clamp(Math.Round(ScannerTypes.At(M(3) * security)), 0, ScanColumns.Length);
        var scannerUsers = scannerTypes == 0 ? 0 : Users(billable, ScannerShare.At(M(3) * security) * activity);
        var scans = scannerTypes == 0 ? 0 : (long)Math.Round(pipelines * ScansPerPipeline.At(M(3) * security));

        // Engagement follows overall adoption; active users include everyone doing git operations.
        var engagement = Math.Clamp(0.3 + (0.65 * (maturity[0] + maturity[1] + maturity[2] + maturity[3]) / 4) + DemoPopulation.Noise(random, 0.08), 0.05, 1);
        var active = Math.Clamp((long)Math.Round(billable * engagement), git, billable);

        var v = _values;
        v[(int)Known.BillableUsers] = billable;
        v[(int)Known.LicensedUsers] = licensed;
        v[(int)Known.ActiveUsers] = active;
        v[(int)Known.GitOperationUsers] = git;
        v[(int)Known.CiBuilds] = builds;
        v[(int)Known.CiInternalPipelines] = pipelines;
        v[(int)Known.DeploymentUsers] = deployUsers;
        v[(int)Known.Deployments] = deployments;
        v[(int)Known.SuccessfulDeployments] = successful;
        v[(int)Known.FailedDeployments] = deployments - successful;
        v[(int)Known.SecureScannerUsers] = scannerUsers;
        var weight = 0.0;
        for (var s = 0; s < scannerTypes; s++)
        {
            weight += ScanWeights[s];
        }

        for (var s = 0; s < ScanColumns.Length; s++)
        {
            // every scanner type in use shows at least one scan, so "types in use" is what was intended
            v[(int)Known.Sast + s] = s < scannerTypes ? Math.Max(1, (long)Math.Round(scans * ScanWeights[s] / weight)) : 0;
        }
    }

    private static long Users(long billable, double share) => Math.Clamp((long)Math.Round(billable * share), 0, billable);

    private static long Count(long billable, double perUser) => (long)Math.Round(billable * perUser);

    private static int KnownSlot(string column) => column switch
    {
        "billable_users" => (int)Known.BillableUsers,
        "licensed_users" => (int)Known.LicensedUsers,
        "active_users_28d" => (int)Known.ActiveUsers,
        "git_operation_users_28d" => (int)Known.GitOperationUsers,
        "ci_builds_28d" => (int)Known.CiBuilds,
        "ci_internal_pipelines_28d" => (int)Known.CiInternalPipelines,
        "deployment_users_28d" => (int)Known.DeploymentUsers,
        "deployments_28d" => (int)Known.Deployments,
        "successful_deployments_28d" => (int)Known.SuccessfulDeployments,
        "failed_deployments_28d" => (int)Known.FailedDeployments,
        "secure_scanner_users_28d" => (int)Known.SecureScannerUsers,
        _ when Array.IndexOf(ScanColumns, column) is var s && s >= 0 => (int)Known.Sast + s,
        _ => -1,
    };

    private static BlindSpots GroupOf(int slot) => slot switch
    {
        (int)Known.GitOperationUsers => BlindSpots.GitOperations,
        (int)Known.CiBuilds => BlindSpots.CiBuilds,
        (int)Known.LicensedUsers => BlindSpots.Licenses,
        (int)Known.DeploymentUsers or (int)Known.Deployments or (int)Known.SuccessfulDeployments or (int)Known.FailedDeployments => BlindSpots.Deployments,
        >= (int)Known.SecureScannerUsers and < (int)Known.Count => BlindSpots.Security,
        _ => BlindSpots.None,
    };
}
