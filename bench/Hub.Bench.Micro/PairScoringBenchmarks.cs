using BenchmarkDotNet.Attributes;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Bench.Micro;

/// <summary>
/// Pairs scored per second on one core (BenchmarkDotNet runs each benchmark on one thread): the FEBRL model on
/// dataset3's candidate pairs (what deduplication scores) and on random pairs (mostly non-matches, where every
/// string level is tried), and the hub's person model on synthetic Indonesian candidate pairs.
/// Each operation is one pair (OperationsPerInvoke), so the Mean column is the time per pair.
/// </summary>
[MemoryDiagnoser]
public class PairScoringBenchmarks
{
    private const int RandomPairCount = 100_000;

    private MatchEngine _febrl = null!;
    private PreparedRecord[] _febrlRecords = null!;
    private RecordPair[] _febrlBlocked = null!;
    private RecordPair[] _febrlRandom = null!;
    private MatchEngine _person = null!;
    private PreparedRecord[] _personRecords = null!;
    private RecordPair[] _personBlocked = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "febrl");
        _febrl = new MatchEngine(MatchModel.Load(Path.Combine(directory, "febrl.match.json")));
        _febrlRecords = FebrlCsv.Read(Path.Combine(directory, "dataset3.csv")).Select(_febrl.Prepare).ToArray();
        _febrlBlocked = BlockedPairs.Union(_febrl, _febrlRecords).ToArray();
        var random = new Random(20251);
        _febrlRandom = Enumerable.Range(0, RandomPairCount).Select(_ =>
        {
            var i = random.Next(_febrlRecords.Length);
            var j = random.Next(_febrlRecords.Length - 1);
            return new RecordPair(i, j >= i ? j + 1 : j);
        }).ToArray();

        _person = new MatchEngine(MatchModel.LoadDefault());
        _personRecords = SyntheticPeople.Generate(20_000, seed: 20251).Select(_person.Prepare).ToArray();
        _personBlocked = BlockedPairs.Union(_person, _personRecords).Take(RandomPairCount).ToArray();
    }

    [Benchmark(Description = "FEBRL dataset3 candidate pairs (MatchWeight)", OperationsPerInvoke = 7438)]
    public double FebrlCandidatePairs() => Sum(_febrl, _febrlRecords, _febrlBlocked, 7438);

    [Benchmark(Description = "FEBRL random pairs (MatchWeight)", OperationsPerInvoke = RandomPairCount)]
    public double FebrlRandomPairs() => Sum(_febrl, _febrlRecords, _febrlRandom, RandomPairCount);

    [Benchmark(Description = "Person model candidate pairs (MatchWeight)", OperationsPerInvoke = RandomPairCount)]
    public double PersonCandidatePairs() => Sum(_person, _personRecords, _personBlocked, RandomPairCount);

    [Benchmark(Description = "Person model candidate pairs (Score, with breakdown)", OperationsPerInvoke = RandomPairCount)]
    public double PersonCandidatePairsExplained()
    {
        double total = 0;
        var pairs = _personBlocked;
        for (var k = 0; k < RandomPairCount; k++)
        {
            total += _person.Score(_personRecords[pairs[k % pairs.Length].First], _personRecords[pairs[k % pairs.Length].Second]).Weight;
        }

        return total;
    }

    // The first `count` pairs, cycling when there are fewer, so that OperationsPerInvoke is exact.
    private static double Sum(MatchEngine engine, PreparedRecord[] records, RecordPair[] pairs, int count)
    {
        double total = 0;
        for (var k = 0; k < count; k++)
        {
            var pair = pairs[k % pairs.Length];
            total += engine.MatchWeight(records[pair.First], records[pair.Second]);
        }

        return total;
    }
}
