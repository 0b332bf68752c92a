namespace IntegrationHub.Core.Ingest;

/// <summary>The state of an ingest run.</summary>
public enum RunStatus
{
    /// <summary>Reading and applying batches.</summary>
    Running = 1,
    /// <summary>Finished; every record read was accounted for.</summary>
    Succeeded,
    /// <summary>Stopped by an error; the batches committed before it stay committed.</summary>
    Failed,
    /// <summary>Stopped on request.</summary>
    Cancelled,
    /// <summary>Requested (by a schedule, run-now, a retry or a resume) and holding its connector's lease; not started yet.</summary>
    Queued,
}

/// <summary>An ingest run as stored: its source, input, status, counts and timings.</summary>
public sealed record IngestRun(
    Guid RunId,
    string Source,
    string? Location,
    RunStatus Status,
    RunCounts Counts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error);
