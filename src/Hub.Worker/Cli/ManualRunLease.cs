using System.Globalization;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Scheduling;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// A run of <c>hub ingest</c> under the connector's lease, the same lease scheduled runs take
/// (<see cref="RunStore.TryQueueAsync"/>): while it runs no scheduled run of the connector starts on any node, and it
/// does not start while one runs. The lease is renewed while the ingest works and given back at the end.
/// </summary>
internal sealed class ManualRunLease : IAsyncDisposable
{
    private readonly HubDatabase _database;
    private readonly string _connector;
    private readonly SchedulerOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _heartbeat;

    private ManualRunLease(HubDatabase database, string connector, Guid runId, SchedulerOptions options, TimeProvider time)
    {
        _database = database;
        _connector = connector;
        _options = options;
        RunId = runId;
        _heartbeat = HeartbeatAsync(time);
    }

    /// <summary>The run that holds the lease; the ingest records into it.</summary>
    public Guid RunId { get; }

    /// <summary>
    /// Takes the lease and starts a manual run of <paramref name="connector"/>, or returns a message naming the
    /// connector and the run and node that hold the lease.
    /// </summary>
    public static async Task<(ManualRunLease? Lease, string? Busy)> TryTakeAsync(
        HubDatabase database, string connector, string? location, SchedulerOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var node = "cli-" + options.NodeName;
        var request = await database.Runs.TryQueueAsync(connector, node, RunTriggers.Manual, null, null, options.LeaseTimeout, cancellationToken);
        if (request.Queued is null
            && (await database.Runs.ListConnectorStatesAsync(cancellationToken)).GetValueOrDefault(connector) is { LeaseRunId: { } heldBy, LeaseNode: { } heldOn }
            && IsDeadLocalCommand(heldOn))
        {
            // The holder is a `hub ingest` on this machine whose process is gone (killed): its lease would only block
            // the run that resumes it until it expired. Its run ends as failed; what it committed stays.
            await database.Runs.FinishAsync(heldBy, RunStatus.Failed, "its hub ingest process ended without finishing (killed); the next run resumes from the last committed batch", cancellationToken);
            await database.Runs.ReleaseLeaseAsync(connector, heldBy, cancellationToken);
            request = await database.Runs.TryQueueAsync(connector, node, RunTriggers.Manual, null, null, options.LeaseTimeout, cancellationToken);
        }

        if (request.Queued is not { } runId)
        {
            var state = (await database.Runs.ListConnectorStatesAsync(cancellationToken)).GetValueOrDefault(connector);
            var holder = string.Create(
                CultureInfo.InvariantCulture,
                $"run {state?.LeaseRunId ?? request.HeldBy} on node {state?.LeaseNode ?? "?"}, lease until {state?.LeaseExpiresAt:yyyy-MM-dd HH:mm:ss}Z");
            return (null, $"Connector '{connector}' is busy: {holder}. Nothing was ingested; try again when that run has ended.");
        }

        if (!await database.Runs.TryStartAsync(runId, node, location, cancellationToken))
        {
            await database.Runs.ReleaseLeaseAsync(connector, runId, CancellationToken.None);
            return (null, $"Connector '{connector}': the run {runId} could not be started (taken over); try again.");
        }

        return (new ManualRunLease(database, connector, runId, options, time), null);
    }

    // A lease node of the form cli-{this machine}:{pid} whose process no longer runs. A configured node name (no pid)
    // or another machine's command is never judged from here: its lease expires on its own.
    private static bool IsDeadLocalCommand(string leaseNode)
    {
        var prefix = "cli-" + Environment.MachineName + ":";
        if (!leaseNode.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(leaseNode.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            || pid == Environment.ProcessId)
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true; // no such process
        }
    }

    /// <summary>Records a failure that happened before the ingest could record it itself.</summary>
    public Task FailAsync(string error) => _database.Runs.FinishAsync(RunId, RunStatus.Failed, error, CancellationToken.None);

    /// <summary>Records that the operator cancelled the run (what committed stays).</summary>
    public Task CancelledAsync() => _database.Runs.FinishAsync(RunId, RunStatus.Cancelled, "cancelled by the operator", CancellationToken.None);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeat;
        await _database.Runs.ReleaseLeaseAsync(_connector, RunId, CancellationToken.None);
        _stop.Dispose();
    }

    private async Task HeartbeatAsync(TimeProvider time)
    {
        using var timer = new PeriodicTimer(_options.LeaseTimeout / 4, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    await _database.Runs.HeartbeatAsync(RunId, _connector, null, _options.LeaseTimeout, _stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A missed heartbeat is not fatal: the lease lasts four intervals.
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The ingest ended.
        }
    }
}
