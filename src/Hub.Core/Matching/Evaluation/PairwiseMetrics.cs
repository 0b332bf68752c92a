namespace IntegrationHub.Core.Matching.Evaluation;

/// <summary>
/// Pairwise quality of a deduplication or linkage against the truth: every pair of records the truth puts in one
/// entity is a true pair; every pair the matcher linked (directly or through its cluster) is a link.
/// </summary>
/// <param name="TruePairs">Pairs of records that are the same entity.</param>
/// <param name="Links">Pairs the matcher linked.</param>
/// <param name="CorrectLinks">Links that are true pairs.</param>
/// <param name="ReviewPairs">Pairs sent to review (between the thresholds and not linked): the review queue.</param>
/// <param name="TrueReviewPairs">Review pairs that are true pairs.</param>
public sealed record PairwiseMetrics(long TruePairs, long Links, long CorrectLinks, long ReviewPairs, long TrueReviewPairs)
{
    /// <summary>Correct links / links (1 when nothing was linked).</summary>
    public double Precision => Links == 0 ? 1 : (double)CorrectLinks / Links;

    /// <summary>Correct links / true pairs (1 when there are none).</summary>
    public double Recall => TruePairs == 0 ? 1 : (double)CorrectLinks / TruePairs;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);

    /// <summary>False links / links: the share of automatic links that merge two different entities.</summary>
    public double FalseMergeRate => Links == 0 ? 0 : (double)(Links - CorrectLinks) / Links;

    /// <summary>False links.</summary>
    public long FalseLinks => Links - CorrectLinks;

    /// <summary>Pairs waiting for a person.</summary>
    public long ReviewQueueSize => ReviewPairs;

    /// <summary>True pairs linked automatically or sent to review, over all true pairs.</summary>
    public double LinkedOrReviewed => TruePairs == 0 ? 1 : (double)(CorrectLinks + TrueReviewPairs) / TruePairs;
}
