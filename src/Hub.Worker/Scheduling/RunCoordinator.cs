using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Quartz;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>A configured connector as operators see it: schedule, pause, the run holding it now, the last run and the next fire time.</summary>
public sealed record ConnectorStatus(
    string Name,
    string Kind,
    string? Schedule,
    bool Paused,
    DateTimeOffset? PausedAt,
    RunRecord? Running,
    RunRecord? LastRun,
    DateTimeOffset? NextRunAt);

/// <summary>Why a retry was refused.</summary>
public enum RetryRefusal
{
    /// <summary>No run has that id.</summary>
    NotFound = 1,

    /// <summary>Only a failed or cancelled run can be retried.</summary>
    NotRetryable,

    /// <summary>Another run of the connector holds its lease.</summary>
    Busy,
}

/// <summary>
/// What the API, the console and the worker ask of runs: run now, retry, pause and resume a connector, list
/// connectors, execute a fired run, and take over runs whose node died. Every request first takes the
/// connector's database lease (<see cref="RunStore.TryQueueAsync"/>), so two runs of one connector never run at
/// once on any number of nodes; then the run is handed to Quartz, which executes it on a node of the cluster.
/// </summary>
public sealed class RunCoordinator(
    HubDatabase database,
    IConfiguration configuration,
    SchedulerOptions options,
    RunExecutor executor,
    ILogger<RunCoordinator> logger,
    ISchedulerFactory? schedulers = null)
{
    /// <summary>The Quartz group of the hub's jobs and triggers.</summary>
    public const string Group = "hub";

    /// <summary>The job key of a connector.</summary>
    public static JobKey JobKeyOf(string connector) => new("connector." + connector.ToLowerInvariant(), Group);

    /// <summary>The cron trigger key of a connector.</summary>
    public static TriggerKey TriggerKeyOf(string connector) => new("schedule." + connector.ToLowerInvariant(), Group);

    /// <summary>The configured connectors by name.</summary>
    public IReadOnlyDictionary<string, SourceOptions> Connectors => configuration.GetSources();

    /// <summary>Queues a run of <paramref name="connector"/> now and hands it to a worker; refused (with the holder) while another run holds the connector.</summary>
    public async Task<RunRequest> RunNowAsync(string connector, CancellationToken cancellationToken) =>
        await QueueAndDispatchAsync(connector, RunTriggers.Manual, null, null, cancellationToken);

    /// <summary>Queues a new run that continues a failed or cancelled one from the connector's last committed cursor.</summary>
    public async Task<(RunRequest? Request, RetryRefusal? Refusal)> RetryAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await database.Runs.FindAsync(runId, cancellationToken);
        if (run is null)
        {
            return (null, RetryRefusal.NotFound);
        }

        if (run.Status is not (RunStatus.Failed or RunStatus.Cancelled))
        {
            return (null, RetryRefusal.NotRetryable);
        }

        var request = await QueueAndDispatchAsync(run.Connector, RunTriggers.Retry, null, run.RunId, cancellationToken);
        return request.Accepted ? (request, null) : (request, RetryRefusal.Busy);
    }

    /// <summary>One run, or null.</summary>
    public Task<RunRecord?> FindRunAsync(Guid runId, CancellationToken cancellationToken) => database.Runs.FindAsync(runId, cancellationToken);

    /// <summary>Pauses (true) or resumes (false) a connector's schedule, on every node and across restarts. Run-now still works while paused.</summary>
    public Task SetPausedAsync(string connector, bool paused, CancellationToken cancellationToken) =>
        database.Runs.SetPausedAsync(connector, paused, cancellationToken);

    /// <summary>Every configured connector with its state.</summary>
    public async Task<IReadOnlyList<ConnectorStatus>> ListConnectorsAsync(CancellationToken cancellationToken)
    {
        var states = await database.Runs.ListConnectorStatesAsync(cancellationToken);
        var scheduler = schedulers is not null && options.Enabled ? await schedulers.GetScheduler(cancellationToken) : null;
        var result = new List<ConnectorStatus>();
        foreach (var (name, source) in Connectors.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            states.TryGetValue(name, out var state);
            var latest = await database.Runs.ListAsync(name, null, 1, cancellationToken);
            var last = latest.Count > 0 ? latest[0] : null;
            RunRecord? running = null;
            if (state?.LeaseRunId is { } holder && state.LeaseExpiresAt > DateTimeOffset.UtcNow)
            {
                running = holder == last?.RunId ? last : await database.Runs.FindAsync(holder, cancellationToken);
            }

            DateTimeOffset? next = null;
            if (scheduler is not null && !string.IsNullOrWhiteSpace(source.Schedule) && state?.Paused != true)
            {
                next = (await scheduler.GetTrigger(TriggerKeyOf(name), cancellationToken))?.NextFireTimeUtc;
            }

            result.Add(new ConnectorStatus(name, source.Kind, source.Schedule, state?.Paused == true, state?.PausedAt, running, last, next));
        }

        return result;
    }

    /// <summary>Called by the connector's Quartz job: a scheduled fire (no run id) or a queued run to execute.</summary>
    public async Task OnFiredAsync(string connector, Guid? runId, DateTimeOffset? scheduledFor, CancellationToken cancellationToken)
    {
        if (runId is null)
        {
            if (await database.Runs.IsPausedAsync(connector, cancellationToken))
            {
                SchedulingLog.FireSkipped(logger, connector, "the connector is paused");
                return;
            }

            var request = await database.Runs.TryQueueAsync(connector, options.NodeName, RunTriggers.Schedule, scheduledFor, null, options.LeaseTimeout, cancellationToken);
            if (!request.Accepted)
            {
                var reason = $"skipped: run {request.HeldBy} held the connector";
                await database.Runs.RecordSkippedAsync(connector, options.NodeName, scheduledFor, reason, cancellationToken);
                SchedulingLog.FireSkipped(logger, connector, reason);
                return;
            }

            runId = request.Queued;
        }

        await executor.ExecuteAsync(runId!.Value, connector, cancellationToken);
    }

    /// <summary>
    /// Takes over runs whose node stopped heartbeating: each is marked failed (abandoned) and a new run continues
    /// from the connector's last committed cursor. Returns the runs taken over.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> TakeOverAbandonedAsync(CancellationToken cancellationToken)
    {
        var abandoned = await database.Runs.ReclaimAbandonedAsync(options.LeaseTimeout, cancellationToken);
        foreach (var run in abandoned)
        {
            var request = await QueueAndDispatchAsync(run.Connector, RunTriggers.Resume, null, run.RunId, cancellationToken);
            SchedulingLog.RunTakenOver(logger, run.RunId, run.Connector, run.Node, request.Queued);
        }

        return abandoned;
    }

    /// <summary>Creates or updates every connector's Quartz job and cron trigger from configuration.</summary>
    public async Task EnsureSchedulesAsync(CancellationToken cancellationToken)
    {
        if (schedulers is null || !options.Enabled)
        {
            return;
        }

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var (name, source) in Connectors)
        {
            var job = JobBuilder.Create<ConnectorRunJob>()
                .WithIdentity(JobKeyOf(name))
                .UsingJobData(ConnectorRunJob.ConnectorKey, name)
                .StoreDurably()
                .Build();
            var key = TriggerKeyOf(name);
            if (string.IsNullOrWhiteSpace(source.Schedule))
            {
                await scheduler.AddJob(job, AddJobOptions.Replacing, cancellationToken);
                await scheduler.UnscheduleJob(key, cancellationToken);
                continue;
            }

            // Unchanged schedules are left alone, so a node starting does not reset what another node fires.
            var signature = $"{source.Schedule}|{options.MisfirePolicy}";
            var existing = await scheduler.GetTrigger(key, cancellationToken);
            if (existing?.Description == signature)
            {
                continue;
            }

            var trigger = TriggerBuilder.Create()
                .WithIdentity(key)
                .ForJob(job)
                .WithDescription(signature)
                .WithCronSchedule(source.Schedule, cron => cron.WithMisfireInstruction(options.MisfirePolicy switch
                {
                    MisfirePolicy.Skip => CronTriggerMisfireInstruction.DoNothing,
                    MisfirePolicy.FireAll => CronTriggerMisfireInstruction.IgnoreMisfires,
                    _ => CronTriggerMisfireInstruction.FireAndProceed,
                }))
                .Build();
            await scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, cancellationToken);
            SchedulingLog.Scheduled(logger, name, source.Schedule, options.MisfirePolicy.ToString());
        }
    }

    private async Task<RunRequest> QueueAndDispatchAsync(string connector, string trigger, DateTimeOffset? scheduledFor, Guid? retryOf, CancellationToken cancellationToken)
    {
        var request = await database.Runs.TryQueueAsync(connector, options.NodeName, trigger, scheduledFor, retryOf, options.LeaseTimeout, cancellationToken);
        if (request.Queued is { } runId && schedulers is not null && options.Enabled)
        {
            // Any node of the cluster may execute it. Without a local scheduler the queued run waits: a worker node
            // takes it over once its lease runs out.
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var data = new JobDataMap { [ConnectorRunJob.ConnectorKey] = connector, [ConnectorRunJob.RunIdKey] = runId.ToString("D") };
            await scheduler.TriggerJob(JobKeyOf(connector), data, cancellationToken);
        }

        return request;
    }
}
