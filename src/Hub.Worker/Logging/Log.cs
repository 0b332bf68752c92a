using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Logging;

/// <summary>
/// The worker's log events. Stable ids; never a NIK, a raw row or a secret as an argument — rows are named by
/// file and line, persons by masked NIK only.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Ingest run {RunId} of {Source} started on {Location}")]
    public static partial void IngestStarted(ILogger logger, Guid runId, string source, string location);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Ingest run {RunId} finished: read {Read}, accepted {Accepted}, unchanged {Unchanged}, quarantined {Quarantined} in {ElapsedMs} ms")]
    public static partial void IngestFinished(ILogger logger, Guid runId, long read, long accepted, long unchanged, long quarantined, long elapsedMs);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Ingest run {RunId} failed: {Reason}")]
    public static partial void IngestFailed(ILogger logger, Guid runId, string reason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Ingest run {RunId} was cancelled after {Read} records")]
    public static partial void IngestCancelled(ILogger logger, Guid runId, long read);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Quarantined row {QuarantineId} re-processed into run {RunId}")]
    public static partial void QuarantineReprocessed(ILogger logger, long quarantineId, Guid runId);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Applied migration {Version} {Name} to {Database}")]
    public static partial void MigrationApplied(ILogger logger, int version, string name, string database);
}
