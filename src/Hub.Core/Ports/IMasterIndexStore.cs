using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Core.Ports;

/// <summary>
/// The outcome of one applied batch: how many records changed the index, how many did not, and how many were
/// quarantined. A bad row that is already in open quarantine (same source, reason and raw text) counts as
/// unchanged — reading the same file twice changes nothing — and <see cref="AlreadyQuarantined"/> says how many of those there were.
/// </summary>
public readonly record struct BatchResult(long Accepted, long Unchanged, long Quarantined, long AlreadyQuarantined = 0)
{
    /// <summary>Of the accepted records that identity resolution decided anew: how many it linked to a person.</summary>
    public long Linked { get; init; }

    /// <summary>How many it sent to the review queue.</summary>
    public long Reviewed { get; init; }

    /// <summary>How many became new persons.</summary>
    public long Created { get; init; }

    /// <summary>
    /// Where the store's time on this batch went: <see cref="IngestPhaseTimes.Match"/>, <see cref="IngestPhaseTimes.Write"/>,
    /// <see cref="IngestPhaseTimes.Lineage"/> and <see cref="IngestPhaseTimes.Events"/> (the other phases are the caller's).
    /// </summary>
    public IngestPhaseTimes Phases { get; init; }

    /// <summary>The batch as run counts.</summary>
    public RunCounts Counts => new(Accepted, Unchanged, Quarantined);
}

/// <summary>A source's position to commit with a batch: after the commit, a resumed read starts there.</summary>
public sealed record CursorCommit(string Source, string Feed, string? Cursor);

/// <summary>
/// The master index and its ingest bookkeeping, as storage provides them. Each batch is applied in one
/// transaction together with the run's counters, so a crash loses at most the batch in flight and never
/// half of one.
/// </summary>
public interface IMasterIndexStore
{
    /// <summary>Records the start of a run.</summary>
    Task<IngestRun> StartRunAsync(string source, string? location, CancellationToken cancellationToken);

    /// <summary>
    /// Applies records and quarantined rows of one run atomically (a row already in open quarantine is not added
    /// again and counts as unchanged): a record whose content equals the latest
    /// version held for its source key is unchanged; any other is stored as a new version and merged into
    /// the person with its NIK (created when new) under <paramref name="policy"/>; a record without a NIK is kept
    /// unlinked. <paramref name="cursor"/>, when given, is committed in the same transaction.
    /// </summary>
    Task<BatchResult> ApplyBatchAsync(
        Guid runId,
        IReadOnlyList<SourceRecord> records,
        IReadOnlyList<QuarantinedRow> quarantined,
        SurvivorshipPolicy policy,
        CancellationToken cancellationToken,
        CursorCommit? cursor = null);

    /// <summary>The last committed cursor of a source's feed, or null when none was committed.</summary>
    Task<string?> GetCursorAsync(string source, string feed, CancellationToken cancellationToken);

    /// <summary>Marks a run finished.</summary>
    Task FinishRunAsync(Guid runId, RunStatus status, string? errorMessage, CancellationToken cancellationToken);

    /// <summary>A run, or null when unknown.</summary>
    Task<IngestRun?> FindRunAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>The rows a run quarantined, in input order.</summary>
    Task<IReadOnlyList<QuarantinedRow>> ListQuarantineAsync(Guid runId, CancellationToken cancellationToken);

    /// <summary>The golden record of the person with this NIK, or null.</summary>
    Task<GoldenRecord?> FindPersonByNikAsync(Nik nik, CancellationToken cancellationToken);

    /// <summary>The number of persons in the index.</summary>
    Task<long> CountPersonsAsync(CancellationToken cancellationToken);
}
