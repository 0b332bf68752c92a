using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>Registers the scheduler and run execution, the same way in <c>hub worker</c> and in the API's process.</summary>
public static class SchedulingServiceCollectionExtensions
{
    /// <summary>The file of the embedded default's Quartz store, beside the hub's own database.</summary>
    public const string SqliteFileName = "scheduler.db";

    /// <summary>
    /// Adds run coordination (always: the API needs it to queue runs) and, when <c>Hub:Scheduler:Enabled</c>, Quartz
    /// on a persistent store — PostgreSQL clustered when the hub is on PostgreSQL, else an SQLite file of its own in
    /// the data directory (one node) — with the connectors' schedules and the take-over of abandoned runs.
    /// Expects <see cref="HubDatabase"/>, <see cref="Ingest.IngestService"/> and <see cref="TimeProvider"/> registered,
    /// and the schema migrated before hosted services start.
    /// </summary>
    public static IServiceCollection AddHubScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = SchedulerOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.AddSingleton<RunExecutor>();
        services.AddSingleton<RunCoordinator>();
        if (!options.Enabled)
        {
            return services;
        }

        var storage = configuration.GetStorageOptions();
        services.AddTransient<ConnectorRunJob>();
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s =>
            {
                s.InstanceName = "IntegrationHub";
                s.InstanceId = options.NodeName;
            });
            quartz.UsePersistentStore(store =>
            {
                if (!string.IsNullOrWhiteSpace(storage.PostgresConnectionString))
                {
                    store.UsePostgres(storage.PostgresConnectionString);
                    // Several nodes on one database: each fire time goes to exactly one of them.
                    store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                }
                else
                {
                    var directory = Path.GetFullPath(storage.DataDirectory);
                    Directory.CreateDirectory(directory);
                    store.UseSqlite($"Data Source={Path.Combine(directory, SqliteFileName)}");
                }

                store.UseSystemTextJsonSerializer();
                store.ProvisionSchema();
            });
        });
        // The schedules and the take-over loop start after the host's own start-up work (migrations, samples).
        services.AddHostedService<SchedulerStartup>();
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = true;
        });
        services.AddSingleton<SchedulerState>();
        return services;
    }
}

/// <summary>Whether this node's scheduler is up, for readiness.</summary>
public sealed class SchedulerState
{
    private volatile string? _failure;
    private volatile bool _scheduled;

    /// <summary>The schedules were written to the job store.</summary>
    public bool Scheduled => _scheduled;

    /// <summary>Why setting up the schedules failed, or null.</summary>
    public string? Failure => _failure;

    internal void MarkScheduled() => _scheduled = true;

    internal void MarkFailed(string reason) => _failure = reason;
}

/// <summary>Writes the connectors' schedules at start, then looks for abandoned runs to take over until the host stops.</summary>
internal sealed class SchedulerStartup(RunCoordinator coordinator, SchedulerOptions options, SchedulerState state, TimeProvider time, Microsoft.Extensions.Logging.ILogger<SchedulerStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await coordinator.EnsureSchedulesAsync(cancellationToken);
            state.MarkScheduled();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            state.MarkFailed(ex.GetType().Name + ": " + ex.Message);
            throw;
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.SweepInterval, time);
        do
        {
            try
            {
                await coordinator.TakeOverAbandonedAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                SchedulingLog.SweepFailed(logger, ex.GetType().Name + ": " + ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
