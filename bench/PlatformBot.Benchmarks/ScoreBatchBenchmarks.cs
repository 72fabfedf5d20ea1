using System.Buffers;
using BenchmarkDotNet.Attributes;
using PlatformBot.Data.Store;
using PlatformBot.Scoring;

namespace PlatformBot.Benchmarks;

/// <summary>
/// The streaming scorer's cost per batch (issue 13, ADR 0017): one batch of <see cref="ScoreInputReader.DefaultBatchSize"/>
/// accounts, as the score runner holds it, through the engine and the snapshot writer's preparation of each row (ARR in
/// cents, the use cases' stored JSON); not the SQLite write itself, which the side-by-side script times with the whole
/// command. Allocated bytes per batch are the figure to watch: what a batch allocates is what the scorer's memory
/// breathes with. The inputs are <see cref="ScoringEngineBenchmarks.Generate"/>'s accounts with each instance's newest
/// row, what the reader hands over. (Not sealed: BenchmarkDotNet derives from benchmark classes.)
/// </summary>
[MemoryDiagnoser]
public class ScoreBatchBenchmarks
{
    private static readonly DateOnly AsOf = new(2026, 11, 20);
    private readonly ScoringEngine _engine = new(ScoringModel.Default);
    private readonly ArrayBufferWriter<byte> _json = new(512);
    private AccountInput[] _batch = [];

    [GlobalSetup]
    public void Setup() => _batch = ScoringEngineBenchmarks.Generate(ScoringModel.Default, ScoreInputReader.DefaultBatchSize, seed: 20261207, snapshots: 1);

    [Benchmark(Description = "Score and prepare one batch of 2,000 accounts")]
    public long ScoreBatch()
    {
        long cells = 0;
        foreach (var input in _batch)
        {
            var score = _engine.Score(input, AsOf);
            cells += KpiTally.ToCents(score.Arr) + SnapshotUseCases.Encode(score, _json).Length + score.Level.Label.Length;
        }

        return cells;
    }
}
