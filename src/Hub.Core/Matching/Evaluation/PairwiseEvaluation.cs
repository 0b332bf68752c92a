namespace IntegrationHub.Core.Matching.Evaluation;

/// <summary>Computes <see cref="PairwiseMetrics"/> from the true entity of every record.</summary>
public static class PairwiseEvaluation
{
    /// <summary>Pairs of records with the same entity: Σ n(n-1)/2 over entities.</summary>
    public static long TruePairs(IReadOnlyList<string> entities)
    {
        ArgumentNullException.ThrowIfNull(entities);
        return entities.GroupBy(e => e, StringComparer.Ordinal).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
    }

    /// <summary>Metrics of pair decisions: <paramref name="links"/> are the linked pairs, <paramref name="review"/> the queued ones.</summary>
    public static PairwiseMetrics Evaluate(IReadOnlyList<string> entities, IEnumerable<RecordPair> links, IEnumerable<RecordPair> review)
    {
        ArgumentNullException.ThrowIfNull(links);
        ArgumentNullException.ThrowIfNull(review);
        long linked = 0, correct = 0, queued = 0, trueQueued = 0;
        foreach (var p in links)
        {
            linked++;
            correct += Same(entities, p) ? 1 : 0;
        }

        foreach (var p in review)
        {
            queued++;
            trueQueued += Same(entities, p) ? 1 : 0;
        }

        return new PairwiseMetrics(TruePairs(entities), linked, correct, queued, trueQueued);
    }

    /// <summary>
    /// Metrics of a clustering: every pair inside a cluster is a link; <paramref name="review"/> pairs count only when
    /// their records ended in different clusters.
    /// </summary>
    public static PairwiseMetrics EvaluateClusters(IReadOnlyList<string> entities, IReadOnlyList<int> clusters, IEnumerable<RecordPair> review)
    {
        ArgumentNullException.ThrowIfNull(entities);
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(review);
        long linked = 0, correct = 0;
        foreach (var cluster in Enumerable.Range(0, clusters.Count).GroupBy(i => clusters[i]))
        {
            var list = cluster.ToArray();
            linked += (long)list.Length * (list.Length - 1) / 2;

            // Correct links inside a cluster: pairs that share an entity.
            foreach (var group in list.GroupBy(i => entities[i], StringComparer.Ordinal))
            {
                var n = group.Count();
                correct += (long)n * (n - 1) / 2;
            }
        }

        long queued = 0, trueQueued = 0;
        foreach (var p in review)
        {
            if (clusters[p.First] == clusters[p.Second])
            {
                continue;
            }

            queued++;
            trueQueued += Same(entities, p) ? 1 : 0;
        }

        return new PairwiseMetrics(TruePairs(entities), linked, correct, queued, trueQueued);
    }

    private static bool Same(IReadOnlyList<string> entities, RecordPair p) =>
        string.Equals(entities[p.First], entities[p.Second], StringComparison.Ordinal);
}
