using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Storage.Runs;

/// <summary>What started a run.</summary>
public static class RunTriggers
{
    /// <summary>The connector's cron schedule fired.</summary>
    public const string Schedule = "schedule";

    /// <summary>Someone asked for a run now (API or console).</summary>
    public const string Manual = "manual";

    /// <summary>A failed or cancelled run was retried.</summary>
    public const string Retry = "retry";

    /// <summary>A run whose node stopped (killed, crashed) was taken over from its last committed cursor.</summary>
    public const string Resume = "resume";

    /// <summary>A quarantined row was re-processed after a fix: a run of one record.</summary>
    public const string Reprocess = "reprocess";
}

/// <summary>
/// A run as any node sees it: connector, status, counts so far (committed with each batch), timings, the node
/// that runs it, its last heartbeat and last committed batch, and what started it.
/// </summary>
public sealed record RunRecord(
    Guid RunId,
    string Connector,
    RunStatus Status,
    RunCounts Counts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? Location,
    string? Trigger,
    DateTimeOffset? ScheduledFor,
    Guid? RetryOf,
    string? Node,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? LastBatchAt)
{
    /// <summary>How long it ran (to now while it runs).</summary>
    public TimeSpan? Duration(DateTimeOffset now) => Status == RunStatus.Queued ? null : (FinishedAt ?? now) - StartedAt;
}

/// <summary>A connector's persisted state: paused or not, and who holds its run lease until when.</summary>
public sealed record ConnectorState(string Connector, bool Paused, DateTimeOffset? PausedAt, Guid? LeaseRunId, string? LeaseNode, DateTimeOffset? LeaseExpiresAt);

/// <summary>The outcome of asking for a run: the queued run's id, or the run that holds the connector's lease now.</summary>
public sealed record RunRequest(Guid? Queued, Guid? HeldBy)
{
    /// <summary>True when a run was queued.</summary>
    public bool Accepted => Queued is not null;
}

/// <summary>A quarantined row with what is needed to browse and re-process it.</summary>
public sealed record QuarantineEntry(long Id, Guid RunId, string Source, string? Location, long? Line, string Reason, string? Field, string Message, string? RawRecord, string Status, DateTimeOffset CreatedAt);
