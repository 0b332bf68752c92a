namespace IntegrationHub.Core.Matching.Evaluation;

/// <summary>One row of an evaluation: the thresholds, the pair decisions' metrics and the clusters' metrics.</summary>
public sealed record ThresholdEvaluation(double LinkProbability, double ReviewProbability, PairwiseMetrics Pairs, PairwiseMetrics Clusters);

/// <summary>The result of evaluating a deduplication against the truth.</summary>
public sealed record DeduplicationReport(int Records, int CandidatePairs, long TruePairs, long TruePairsBlocked, ThresholdEvaluation AtModelThresholds, IReadOnlyList<ThresholdEvaluation> Sweep)
{
    /// <summary>True pairs that any blocking rule proposed: the ceiling on recall.</summary>
    public double BlockingRecall => TruePairs == 0 ? 1 : (double)TruePairsBlocked / TruePairs;
}

/// <summary>Deduplicates a labelled dataset with a model and scores the result; labels are used only to score.</summary>
public static class DeduplicationEvaluator
{
    /// <summary>Link thresholds a sweep reports by default.</summary>
    public static readonly IReadOnlyList<double> DefaultSweep = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999, 0.9999];

    public static DeduplicationReport Evaluate(MatchEngine engine, IReadOnlyList<PreparedRecord> records, IReadOnlyList<string> entities, IReadOnlyList<double>? sweep = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(entities);
        if (records.Count != entities.Count)
        {
            throw new ArgumentException("One entity per record is needed.", nameof(entities));
        }

        var scored = Deduplication.ScorePairs(engine, records);
        var truePairs = PairwiseEvaluation.TruePairs(entities);
        var blocked = scored.LongCount(p => string.Equals(entities[p.First], entities[p.Second], StringComparison.Ordinal));
        var thresholds = engine.Model.Document.Thresholds;
        var at = At(scored, records.Count, entities, thresholds.Link, thresholds.Review);
        var rows = (sweep ?? DefaultSweep).Select(link => At(scored, records.Count, entities, link, Math.Min(link, thresholds.Review))).ToArray();
        return new DeduplicationReport(records.Count, scored.Length, truePairs, blocked, at, rows);
    }

    private static ThresholdEvaluation At(ScoredPair[] scored, int count, IReadOnlyList<string> entities, double link, double review)
    {
        var linkWeight = MatchEngine.Logit2(link);
        var reviewWeight = MatchEngine.Logit2(review);
        var links = scored.Where(p => p.Weight >= linkWeight).Select(p => new RecordPair(p.First, p.Second)).ToArray();
        var queued = scored.Where(p => p.Weight >= reviewWeight && p.Weight < linkWeight).Select(p => new RecordPair(p.First, p.Second)).ToArray();
        var clusters = Deduplication.Cluster(count, scored, linkWeight, reviewWeight);
        return new ThresholdEvaluation(
            link,
            review,
            PairwiseEvaluation.Evaluate(entities, links, queued),
            PairwiseEvaluation.EvaluateClusters(entities, clusters, queued));
    }
}
