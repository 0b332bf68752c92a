using System.Globalization;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Matching.Training;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class MatchTrainerTests
{
    private const int Values = 200;
    private static readonly double[] TrueM = [0.95, 0.9, 0.85, 0.8];

    // Four fields of 200 equally likely values (so u of "exact" is 1/200); 40% of entities have a second record
    // in which field i keeps its value with probability TrueM[i] and otherwise takes another value.
    private static List<IReadOnlyDictionary<string, string?>> Synthetic(int entities, int seed)
    {
        var random = new Random(seed);
        var records = new List<IReadOnlyDictionary<string, string?>>();
        for (var e = 0; e < entities; e++)
        {
            var values = Enumerable.Range(0, TrueM.Length).Select(_ => random.Next(Values)).ToArray();
            records.Add(Record(values));
            if (random.NextDouble() < 0.4)
            {
                var copy = values.Select((v, i) => random.NextDouble() < TrueM[i] ? v : (v + 1 + random.Next(Values - 1)) % Values).ToArray();
                records.Add(Record(copy));
            }
        }

        return records;
    }

    private static Dictionary<string, string?> Record(int[] values) =>
        values.Select((v, i) => (Key: "f" + i, Value: "V" + v.ToString(CultureInfo.InvariantCulture)))
            .ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);

    private static MatchModel Config()
    {
        var fields = string.Join(",", Enumerable.Range(0, TrueM.Length).Select(i => $"{{ \"name\": \"f{i}\" }}"));
        var comparisons = string.Join(",", Enumerable.Range(0, TrueM.Length).Select(i =>
            $"{{ \"name\": \"c{i}\", \"field\": \"f{i}\", \"levels\": [ {{ \"label\": \"exact\", \"test\": \"exact\", \"m\": 0.7, \"u\": 0.1 }}, {{ \"label\": \"else\", \"test\": \"else\", \"m\": 0.3, \"u\": 0.9 }} ] }}"));
        var rules = string.Join(",", Enumerable.Range(0, TrueM.Length).Select(i => $"{{ \"name\": \"r{i}\", \"keys\": [ {{ \"field\": \"f{i}\" }} ] }}"));
        return MatchModel.Parse($$"""
            { "format": "integrationhub.match-model", "formatVersion": 1, "modelId": "synthetic", "version": "s-1",
              "fields": [ {{fields}} ], "comparisons": [ {{comparisons}} ], "blocking": [ {{rules}} ],
              "prior": 0.01, "thresholds": { "link": 0.99, "review": 0.5 } }
            """);
    }

    [Fact]
    public void Train_RecoversKnownMAndU_FromUnlabelledRecords()
    {
        var records = Synthetic(3000, seed: 5);

        var model = MatchTrainer.Train(Config(), records, seed: 1, new TrainingOptions { RandomPairs = 400_000 });

        for (var c = 0; c < TrueM.Length; c++)
        {
            var exact = model.Document.Comparisons[c].Levels[0];
            Assert.InRange(exact.M, TrueM[c] - 0.03, TrueM[c] + 0.03);
            Assert.InRange(exact.U, 0.004, 0.006);
        }

        // About 1,200 duplicate pairs among ~4,200 records: the prior is their share of all pairs.
        var records2 = (double)records.Count;
        var truePrior = (records.Count - 3000) / (records2 * (records2 - 1) / 2);
        Assert.InRange(model.Document.Prior, truePrior * 0.85, truePrior * 1.15);
        Assert.All(model.Document.Training!.Rules, r => Assert.True(r.Converged, r.Rule));
    }

    [Fact]
    public void Train_SameSeed_SameModel_OtherSeed_OtherU()
    {
        var records = Synthetic(800, seed: 9);
        var options = new TrainingOptions { RandomPairs = 50_000 };

        var a = MatchTrainer.Train(Config(), records, seed: 3, options);
        var b = MatchTrainer.Train(Config(), records, seed: 3, options);
        var c = MatchTrainer.Train(Config(), records, seed: 4, options);

        Assert.Equal(a.ToJson(), b.ToJson());
        Assert.NotEqual(a.Version, c.Version);
        Assert.StartsWith("s-1+trained.", a.Version, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_TermFrequencies_ListCommonValuesAndLowerTheirWeight()
    {
        var config = MatchModel.Parse(TestModels.Json);
        var records = new List<IReadOnlyDictionary<string, string?>>();
        for (var i = 0; i < 400; i++)
        {
            // Every fifth person is a SITI AMINAH; the rest have names of their own.
            var name = i % 5 == 0 ? "SITI AMINAH" : "ORANG " + new string((char)('A' + (i % 26)), 1 + (i / 26));
            records.Add(TestModels.Person(name: name, dob: $"19{50 + (i % 40)}-01-{1 + (i % 28):00}", nik: null, village: null));
        }

        var model = MatchTrainer.Train(config, records, seed: 1);
        var tf = model.Document.Comparisons[0].TermFrequency!;
        var engine = new MatchEngine(model);
        double Exact(string name) => engine.Score(engine.Prepare(TestModels.Person(name: name)), engine.Prepare(TestModels.Person(name: name))).Breakdown[0].Weight;

        Assert.Equal(0.2, tf.Values["SITI AMINAH"], 6);
        Assert.Equal(1.0 / 400, tf.DefaultFrequency, 9);
        Assert.True(Exact("SITI AMINAH") < Exact("ORANG QQ") - 3);
    }
}
