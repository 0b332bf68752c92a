using System.Globalization;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Matching.Evaluation;

namespace IntegrationHub.Core.Tests.Matching;

public sealed class DeduplicationTests
{
    [Fact]
    public void Cluster_RefusesALinkThatWouldChainTwoPeopleKnownToDiffer()
    {
        // 0-1 and 1-2 link, but 0 and 2 were compared and scored as different people: 2 must stay out of 0's cluster.
        ScoredPair[] pairs = [new(0, 1, 20), new(1, 2, 15), new(0, 2, -10), new(3, 4, 12)];

        var clusters = Deduplication.Cluster(5, pairs, linkWeight: 10, cannotLinkWeight: 0);

        Assert.Equal([0, 0, 2, 3, 3], clusters);
        Assert.Equal([0, 0, 0, 3, 3], Deduplication.Cluster(5, [new(0, 1, 20), new(1, 2, 15), new(3, 4, 12)], 10, 0));
    }

    [Fact]
    public void PairwiseMetrics_CountLinksFalseLinksAndTheReviewQueue()
    {
        string[] entities = ["a", "a", "a", "b", "c"];

        var metrics = PairwiseEvaluation.Evaluate(entities, [new(0, 1), new(3, 4)], [new(1, 2), new(2, 3)]);

        Assert.Equal(3, metrics.TruePairs);
        Assert.Equal(2, metrics.Links);
        Assert.Equal(1, metrics.FalseLinks);
        Assert.Equal(0.5, metrics.Precision);
        Assert.Equal(1.0 / 3, metrics.Recall, 9);
        Assert.Equal(0.5, metrics.FalseMergeRate);
        Assert.Equal(2, metrics.ReviewQueueSize);
        Assert.Equal(2.0 / 3, metrics.LinkedOrReviewed, 9);

        var clusters = PairwiseEvaluation.EvaluateClusters(entities, [0, 0, 0, 3, 4], [new(2, 3)]);
        Assert.Equal(3, clusters.Links);
        Assert.Equal(1.0, clusters.F1);
        Assert.Equal(1, clusters.ReviewQueueSize);
    }

    [Fact]
    public void Febrl_Dataset1_TrainedWithoutLabels_ReachesTheFloor()
    {
        // The stated floor (bench/results/matching-febrl.md has the measured figures: F1 1.0 on dataset1).
        var directory = Path.Combine(AppContext.BaseDirectory, "febrl");
        var lines = File.ReadAllLines(Path.Combine(directory, "dataset1.csv"));
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        var rows = lines.Skip(1).Select(l => l.Split(',').Select(v => v.Trim()).ToArray()).ToArray();
        var records = rows.Select(r => (IReadOnlyDictionary<string, string?>)header.Select((h, i) => (h, v: r[i]))
            .ToDictionary(p => p.h, p => p.v.Length == 0 ? null : p.v, StringComparer.Ordinal)).ToList();
        var entities = rows.Select(r => r[0][..r[0].IndexOf('-', 4)]).ToArray();

        var model = MatchTrainer.Train(MatchModel.Load(Path.Combine(directory, "febrl.match.json")), records, seed: 20251);
        var engine = new MatchEngine(model);
        var report = DeduplicationEvaluator.Evaluate(engine, records.Select(engine.Prepare).ToArray(), entities);
        var at = report.AtModelThresholds.Clusters;

        Assert.Equal(500, report.TruePairs);
        Assert.True(at.Precision >= 0.998, at.Precision.ToString(CultureInfo.InvariantCulture));
        Assert.True(at.F1 >= 0.99, at.F1.ToString(CultureInfo.InvariantCulture));
    }
}
