using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>The scheduler's log events (ids 13xx). Connectors and runs by name and id only.</summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Run {RunId} of {Connector} started on node {Node}")]
    public static partial void RunStarted(ILogger logger, Guid runId, string connector, string node);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Information, Message = "Run {RunId} of {Connector} ended: {Status}")]
    public static partial void RunEnded(ILogger logger, Guid runId, string connector, string status);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Run {RunId} of {Connector} failed: {Reason}")]
    public static partial void RunFailed(ILogger logger, Guid runId, string connector, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Information, Message = "Run {RunId} of {Connector} is not queued any more; nothing to do")]
    public static partial void RunNotQueued(ILogger logger, Guid runId, string connector);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Warning, Message = "Run {RunId} of {Connector} lost its lease; stopping it")]
    public static partial void LeaseLost(ILogger logger, Guid runId, string connector);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Warning, Message = "Heartbeat of run {RunId} failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, Guid runId, string reason);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Information, Message = "Scheduled run of {Connector} skipped: {Reason}")]
    public static partial void FireSkipped(ILogger logger, string connector, string reason);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Warning, Message = "Run {RunId} of {Connector} was abandoned by node {Node}; taking it over as run {NewRunId}")]
    public static partial void RunTakenOver(ILogger logger, Guid runId, string connector, string? node, Guid? newRunId);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Information, Message = "Connector {Connector} scheduled: {Cron} (misfires: {Misfire})")]
    public static partial void Scheduled(ILogger logger, string connector, string cron, string misfire);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Warning, Message = "Looking for abandoned runs failed: {Reason}")]
    public static partial void SweepFailed(ILogger logger, string reason);
}
