using System.Diagnostics;

namespace IntegrationHub.Core.Ingest;

/// <summary>
/// Where an ingest's time went, per phase, in <see cref="Stopwatch"/> ticks: a value type, added up per batch without
/// allocating. The phases are disjoint and, for one batch, add up to the batch's time in the ingest service:
/// <list type="bullet">
/// <item><see cref="Parse"/>: the connector reading and splitting a batch (file, HTTP page or table rows);</item>
/// <item><see cref="Validate"/>: the agency schema's checks of every row;</item>
/// <item><see cref="Map"/>: the mapping to canonical fields, the NIK parse and the record's content hash;</item>
/// <item><see cref="Match"/>: identity resolution: the batch's reads (hashes, links, NIK holders, candidates and
/// their golden fields) and the in-memory decisions;</item>
/// <item><see cref="Write"/>: the rows of persons, source records, decisions, links, blocking keys, reviews,
/// quarantine, cursor and run counters, and the commit;</item>
/// <item><see cref="Lineage"/>: the golden fields with their per-field lineage;</item>
/// <item><see cref="Events"/>: the person history and the change feed's outbox.</item>
/// </list>
/// </summary>
public readonly record struct IngestPhaseTimes(long Parse, long Validate, long Map, long Match, long Write, long Lineage, long Events)
{
    /// <summary>The phase names, as the metric's <c>phase</c> label gives them, in pipeline order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["parse", "validate", "map", "match", "write", "lineage", "events"];

    /// <summary>The ticks of every phase, in the order of <see cref="Names"/>.</summary>
    public long this[int index] => index switch
    {
        0 => Parse,
        1 => Validate,
        2 => Map,
        3 => Match,
        4 => Write,
        5 => Lineage,
        6 => Events,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>All phases together, in ticks.</summary>
    public long Total => Parse + Validate + Map + Match + Write + Lineage + Events;

    /// <summary>Ticks as seconds.</summary>
    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>Adds two sets of phase times.</summary>
    public static IngestPhaseTimes operator +(IngestPhaseTimes a, IngestPhaseTimes b) => new(
        a.Parse + b.Parse, a.Validate + b.Validate, a.Map + b.Map, a.Match + b.Match, a.Write + b.Write, a.Lineage + b.Lineage, a.Events + b.Events);

    /// <summary>Adds two sets of phase times (for languages without operators).</summary>
    public static IngestPhaseTimes Add(IngestPhaseTimes left, IngestPhaseTimes right) => left + right;
}
