namespace PlatformBot.Scoring;

/// <summary>
/// The company KPI, ARR by adoption level: the one implementation every surface uses (export, `/adoption kpi`,
/// digests). ARR is summed in whole cents, as the store keeps it, so a total never depends on the order the
/// accounts arrive in, and each share is one division of two exact integers.
/// </summary>
/// <remarks>
/// A level label the model does not know (a snapshot stored under another model) is counted under the model's
/// last level, "no data": the ARR stays in the total and the shares still add up to 1, and nothing claims the
/// account reached a level this model cannot name.
/// </remarks>
public sealed class KpiTally
{
    private readonly ScoringModel _model;
    private readonly long[] _cents;
    private readonly int[] _accounts;

    public KpiTally(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _cents = new long[model.LevelLabels.Count];
        _accounts = new int[model.LevelLabels.Count];
    }

    public long TotalCents { get; private set; }

    public int Accounts { get; private set; }

    /// <summary>Adds accounts at a level given by its position in <see cref="ScoringModel.LevelLabels"/>.</summary>
    public void Add(int levelIndex, long arrCents, int accounts = 1)
    {
        var i = (uint)levelIndex < (uint)_cents.Length ? levelIndex : _cents.Length - 1;
        _cents[i] += arrCents;
        _accounts[i] += accounts;
        TotalCents += arrCents;
        Accounts += accounts;
    }

    /// <summary>Adds accounts at a level given by its label (a stored snapshot's level).</summary>
    public void Add(string levelLabel, long arrCents, int accounts = 1) => Add(_model.IndexOfLevel(levelLabel), arrCents, accounts);

    /// <summary>Adds one scored account.</summary>
    public void Add(AccountScore score)
    {
        ArgumentNullException.ThrowIfNull(score);
        Add(score.Level.Label, ToCents(score.Arr));
    }

    public long ArrCents(int levelIndex) => _cents[levelIndex];

    public int AccountsAt(int levelIndex) => _accounts[levelIndex];

    /// <summary>The level's share of the total ARR as a fraction (0 when the total is 0).</summary>
    public double Share(int levelIndex) => TotalCents == 0 ? 0 : (double)_cents[levelIndex] / TotalCents;

    public ArrKpi ToKpi(DateOnly asOf)
    {
        var labels = _model.LevelLabels;
        var levels = new KpiLevel[labels.Count];
        for (var i = 0; i < levels.Length; i++)
        {
            levels[i] = new KpiLevel(labels[i], _cents[i] / 100m, Share(i), _accounts[i]);
        }

        return new ArrKpi(asOf, TotalCents / 100m, levels);
    }

    /// <summary>The KPI of a set of scored accounts.</summary>
    public static ArrKpi Of(DateOnly asOf, ScoringModel model, IEnumerable<AccountScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var tally = new KpiTally(model);
        foreach (var score in scores)
        {
            tally.Add(score);
        }

        return tally.ToKpi(asOf);
    }

    /// <summary>ARR in whole cents, the unit the store and the KPI count in.</summary>
    public static long ToCents(decimal arr) => (long)(arr * 100m);
}
