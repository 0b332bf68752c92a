using System.CommandLine;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Logging;
using IntegrationHub.Worker.Metrics;
using IntegrationHub.Worker.Audit;
using IntegrationHub.Worker.Feeds;
using IntegrationHub.Worker.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub worker</c>: the long-running worker. Runs the connectors' schedules, executes runs (scheduled, run-now,
/// retries) and takes over runs of nodes that died, until stopped (Ctrl+C or SIGTERM; a running run stops at
/// its next batch, with everything committed so far kept).
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("worker", "Run the scheduler: connector schedules, run-now and retries, and take-over of runs whose node died. Runs until stopped.");
        command.SetAction(async (ParseResult _, CancellationToken ct) => await RunAsync(context, ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken ct)
    {
        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        await database.Migrator.MigrateAsync(ct);
        try
        {
            // A wrong or missing secrets key stops the worker here, before any webhook is signed with it.
            await database.Feeds.PrepareSecretsAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            await context.Error.WriteLineAsync("hub worker cannot start: " + ex.Message);
            return HubCommandLine.BadInput;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(context.Configuration);
        builder.Logging.AddConfiguration(context.Configuration.GetSection("Logging"));
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Logging.AddConsoleFormatter<RedactingJsonConsoleFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddConsole(o =>
        {
            o.FormatterName = RedactingJsonConsoleFormatter.FormatterName;
            o.LogToStandardErrorThreshold = LogLevel.Trace;
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(SurvivorshipPolicy.Default);
        var metrics = MetricsOptions.FromConfiguration(context.Configuration);
        builder.Services.AddHubMetricsCollection(metrics);
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddHubScheduling(context.Configuration);
        // Ingest batches are audited, and this node delivers webhooks alongside the other workers.
        builder.Services.AddHubAudit(context.Configuration);
        builder.Services.AddFeedDelivery(context.Configuration);
        using var host = builder.Build();
        var options = host.Services.GetRequiredService<SchedulerOptions>();
        if (!options.Enabled)
        {
            await context.Error.WriteLineAsync("Hub:Scheduler:Enabled is false: there is nothing for the worker to do.");
            return HubCommandLine.BadInput;
        }

        // The metrics listener binds first: an address it cannot take stops the worker before anything else starts.
        await using var listener = metrics.WorkerListenUrl is null
            ? null
            : new WorkerMetricsListener(host.Services.GetRequiredService<MetricsScrape>(), metrics, host.Services.GetRequiredService<ILogger<WorkerMetricsListener>>());
        if (listener is not null)
        {
            try
            {
                await listener.StartAsync(ct);
            }
            catch (IOException ex)
            {
                // The port is taken, or the address is not this machine's.
                await context.Error.WriteLineAsync($"hub worker cannot start: {MetricsOptions.SectionName}:WorkerListen {metrics.WorkerListenUrl}: {ex.Message}");
                return HubCommandLine.BadInput;
            }
        }

        await host.StartAsync(ct);
        var scheduled = context.Configuration.GetSources().Where(s => !string.IsNullOrWhiteSpace(s.Value.Schedule)).Select(s => $"{s.Key} ({s.Value.Schedule})").ToList();
        await context.Out.WriteLineAsync($"hub worker: node {options.NodeName} on {database.Description}; schedules: {(scheduled.Count == 0 ? "none" : string.Join(", ", scheduled))}");
        if (listener is { Address: { } address })
        {
            await context.Out.WriteLineAsync($"hub worker: metrics at {address}{WorkerMetricsListener.Path}");
        }

        await context.Out.FlushAsync(CancellationToken.None);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM.
        }

        await host.StopAsync(CancellationToken.None);
        if (listener is not null)
        {
            await listener.StopAsync(CancellationToken.None);
        }

        return HubCommandLine.Ok;
    }
}
