namespace IntegrationHub.Core.Matching;

/// <summary>One comparison's part of a score.</summary>
/// <param name="Comparison">The comparison's name in the model.</param>
/// <param name="Level">The level the pair fell in (<c>null</c> when either value is missing).</param>
/// <param name="Weight">log2 of the level's Bayes factor m/u, including the term-frequency adjustment; 0 for <c>null</c>.</param>
public sealed record ComparisonScore(string Comparison, string Level, double Weight);

/// <summary>The score of a pair of records, explained.</summary>
/// <param name="Weight">The match weight: log2 of the prior odds plus the comparisons' weights.</param>
/// <param name="Probability">The match probability, 2^Weight / (1 + 2^Weight).</param>
/// <param name="Outcome">The decision by the model's thresholds on <paramref name="Probability"/>.</param>
/// <param name="Breakdown">Every comparison's level and weight, in the model's order.</param>
public sealed record MatchScore(double Weight, double Probability, MatchOutcome Outcome, IReadOnlyList<ComparisonScore> Breakdown);
