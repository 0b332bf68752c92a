using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>
/// Runs one queued run on this node: marks it running, ingests the connector from its last committed cursor,
/// heartbeats while it runs (renewing the connector lease and recording the last batch time), and gives the
/// lease back at the end. A run that loses its lease (its node was presumed dead and the run taken over) stops.
/// </summary>
public sealed class RunExecutor(
    HubDatabase database,
    IngestService ingest,
    IConfiguration configuration,
    SchedulerOptions options,
    TimeProvider time,
    ILogger<RunExecutor> logger,
    HubMetrics? metrics = null)
{
    /// <summary>Executes the queued run <paramref name="runId"/> of <paramref name="connector"/>; returns how it ended (null when it was not queued any more).</summary>
    public async Task<RunStatus?> ExecuteAsync(Guid runId, string connector, CancellationToken cancellationToken)
    {
        // Every line logged for this run, the ingest's and the heartbeat's included, carries its id.
        using var scope = Logging.RunLogScope.Begin(logger, runId, connector);
        var runs = database.Runs;
        if (!configuration.GetSources().TryGetValue(connector, out var source))
        {
            await runs.FinishAsync(runId, RunStatus.Failed, $"connector '{connector}' is not configured on node {options.NodeName}", CancellationToken.None);
            await runs.ReleaseLeaseAsync(connector, runId, CancellationToken.None);
            metrics?.RecordRunEnded(connector, RunStatus.Failed);
            return RunStatus.Failed;
        }

        if (!await runs.TryStartAsync(runId, options.NodeName, source.Kind, cancellationToken))
        {
            SchedulingLog.RunNotQueued(logger, runId, connector);
            return null;
        }

        SchedulingLog.RunStarted(logger, runId, connector, options.NodeName);
        var progress = new BatchClock(time);
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(runId, connector, progress, run, stopHeartbeat.Token);
        RunStatus status;
        try
        {
            await ingest.IngestSourceAsync(connector, source, runId, progress, run.Token);
            status = RunStatus.Succeeded;
        }
        catch (OperationCanceledException) when (run.IsCancellationRequested)
        {
            status = RunStatus.Cancelled;
            await runs.FinishAsync(runId, status, cancellationToken.IsCancellationRequested ? "cancelled: the node is stopping" : "cancelled: the run lost its lease", CancellationToken.None);
        }
        catch (Exception ex)
        {
            // The ingest records its own failures; this covers what fails before it reads (mapping, connector set-up).
            status = RunStatus.Failed;
            await runs.FinishAsync(runId, status, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            SchedulingLog.RunFailed(logger, runId, connector, ex.GetType().Name + ": " + ex.Message);
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
            await runs.ReleaseLeaseAsync(connector, runId, CancellationToken.None);
        }

        metrics?.RecordRunEnded(connector, status);
        SchedulingLog.RunEnded(logger, runId, connector, status.ToString());
        return status;
    }

    private async Task HeartbeatAsync(Guid runId, string connector, BatchClock progress, CancellationTokenSource run, CancellationToken stop)
    {
        var interval = options.LeaseTimeout / 4;
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (!await database.Runs.HeartbeatAsync(runId, connector, progress.LastBatchAt, options.LeaseTimeout, stop))
                    {
                        SchedulingLog.LeaseLost(logger, runId, connector);
                        await run.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal; the lease lasts four intervals.
                    SchedulingLog.HeartbeatFailed(logger, runId, ex.GetType().Name + ": " + ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended.
        }
    }

    /// <summary>Remembers when the last batch committed, for the heartbeat to record.</summary>
    private sealed class BatchClock(TimeProvider time) : IProgress<IngestProgress>
    {
        private long _lastBatchTicks;

        public DateTimeOffset? LastBatchAt
        {
            get
            {
                var ticks = Interlocked.Read(ref _lastBatchTicks);
                return ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        public void Report(IngestProgress value) => Interlocked.Exchange(ref _lastBatchTicks, time.GetUtcNow().UtcTicks);
    }
}
