using System.Diagnostics;

namespace IntegrationHub.Storage;

/// <summary>
/// The store's share of one batch's phase times (<see cref="Core.Ingest.IngestPhaseTimes"/>), accumulated from
/// <see cref="Stopwatch.GetTimestamp"/> differences: one instance per batch, nothing allocated per record.
/// </summary>
internal sealed class BatchPhaseClock
{
    /// <summary>Ticks in identity resolution (reads and decisions), flushes excluded.</summary>
    public long Match;

    /// <summary>Ticks writing golden fields with their lineage.</summary>
    public long Lineage;

    /// <summary>Ticks writing the person history and the change feed.</summary>
    public long Events;

    /// <summary>Ticks in every flush of pending rows (all tables), so that resolution can leave them out of <see cref="Match"/>.</summary>
    public long Flush;

    /// <summary>Ticks since <paramref name="start"/>, a <see cref="Stopwatch.GetTimestamp"/> value.</summary>
    public static long Since(long start) => Stopwatch.GetTimestamp() - start;
}
