namespace IntegrationHub.Core.Ingest;

/// <summary>
/// What a run did with what it read. Every record read ends in exactly one of accepted, unchanged or
/// quarantined, so <see cref="Read"/> always equals their sum.
/// </summary>
public readonly record struct RunCounts(long Accepted, long Unchanged, long Quarantined)
{
    /// <summary>Records read.</summary>
    public long Read => Accepted + Unchanged + Quarantined;

    public static RunCounts operator +(RunCounts left, RunCounts right) =>
        new(left.Accepted + right.Accepted, left.Unchanged + right.Unchanged, left.Quarantined + right.Quarantined);

    /// <summary>Adds two counts (the named form of <c>+</c>).</summary>
    public static RunCounts Add(RunCounts left, RunCounts right) => left + right;
}
