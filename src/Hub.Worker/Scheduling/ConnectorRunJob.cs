using Quartz;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>
/// The Quartz job of one connector. Fired by the connector's cron trigger it queues a run (unless the connector
/// is paused or another run holds its lease) and executes it; fired with a run id (run-now, retry, resume) it
/// executes that queued run.
/// </summary>
internal sealed class ConnectorRunJob(RunCoordinator coordinator) : IJob
{
    /// <summary>The job data key of the connector's name.</summary>
    public const string ConnectorKey = "connector";

    /// <summary>The job data key of a queued run's id (absent on a scheduled fire).</summary>
    public const string RunIdKey = "runId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var connector = data.TryGetValue(ConnectorKey, out var c) ? c as string : null;
        if (string.IsNullOrEmpty(connector))
        {
            return;
        }

        Guid? runId = data.TryGetValue(RunIdKey, out var r) && r is string s && Guid.TryParse(s, out var id) ? id : null;
        await coordinator.OnFiredAsync(connector, runId, runId is null ? context.ScheduledFireTimeUtc : null, cancellationToken);
    }
}
