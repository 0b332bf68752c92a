using System.CommandLine;
using System.Globalization;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Scheduling;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Cli;

/// <summary><c>hub runs list</c> and <c>hub runs retry RUN</c>: the runs table from the command line.</summary>
internal static class RunsCommand
{
    public static Command Create(CommandContext context)
    {
        var connector = new Option<string?>("--connector", "-c") { Description = "Only runs of this connector (source)." };
        var status = new Option<string?>("--status") { Description = "Only runs in this status: queued, running, succeeded, failed, cancelled." };
        var limit = new Option<int>("--limit", "-n") { Description = "At most this many runs, newest first.", DefaultValueFactory = _ => 20 };
        var list = new Command("list", "List runs, newest first, with counts, node and errors.") { connector, status, limit };
        list.SetAction(async (ParseResult parse, CancellationToken ct) => await ListAsync(context, parse.GetValue(connector), parse.GetValue(status), parse.GetValue(limit), ct));

        var run = new Argument<string>("run") { Description = "The id of a failed or cancelled run." };
        var retry = new Command("retry", "Retry a failed or cancelled run in this process: a new run continues from the connector's last committed cursor.") { run };
        retry.SetAction(async (ParseResult parse, CancellationToken ct) => await RetryAsync(context, parse.GetRequiredValue(run), ct));
        return new Command("runs", "Scheduled and manual runs: list them, retry a failed one.") { list, retry };
    }

    private static async Task<int> ListAsync(CommandContext context, string? connector, string? statusText, int limit, CancellationToken ct)
    {
        RunStatus? status = null;
        if (statusText is not null)
        {
            if (!Enum.TryParse<RunStatus>(statusText, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                await context.Error.WriteLineAsync($"Unknown status '{statusText}'; use queued, running, succeeded, failed or cancelled.");
                return HubCommandLine.BadInput;
            }

            status = parsed;
        }

        if (limit is < 1 or > 1000)
        {
            await context.Error.WriteLineAsync("--limit must be between 1 and 1000.");
            return HubCommandLine.BadInput;
        }

        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        await database.Migrator.MigrateAsync(ct);
        foreach (var r in await database.Runs.ListAsync(connector, status, limit, ct))
        {
            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.RunId}  {r.Connector,-10} {r.Status,-9} {r.Trigger ?? "cli",-8} read {r.Counts.Read,8}  started {r.StartedAt:yyyy-MM-dd HH:mm:ss}  node {r.Node ?? "-"}{(r.Error is null ? "" : "  error: " + r.Error)}"));
        }

        return HubCommandLine.Ok;
    }

    private static async Task<int> RetryAsync(CommandContext context, string runText, CancellationToken ct)
    {
        if (!Guid.TryParse(runText, out var runId))
        {
            await context.Error.WriteLineAsync($"'{runText}' is not a run id.");
            return HubCommandLine.BadInput;
        }

        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        await database.Migrator.MigrateAsync(ct);
        var failed = await database.Runs.FindAsync(runId, ct);
        if (failed is null)
        {
            await context.Error.WriteLineAsync($"No run {runId}.");
            return HubCommandLine.BadInput;
        }

        if (failed.Status is not (RunStatus.Failed or RunStatus.Cancelled))
        {
            await context.Error.WriteLineAsync($"Run {runId} is {failed.Status}; only a failed or cancelled run can be retried.");
            return HubCommandLine.BadInput;
        }

        var options = SchedulerOptions.FromConfiguration(context.Configuration);
        var request = await database.Runs.TryQueueAsync(failed.Connector, options.NodeName, RunTriggers.Retry, null, runId, options.LeaseTimeout, ct);
        if (request.Queued is not { } queued)
        {
            await context.Error.WriteLineAsync($"Run {request.HeldBy} of {failed.Connector} is running; retry when it has ended.");
            return HubCommandLine.Failed;
        }

        using var loggers = context.CreateLoggerFactory();
        var executor = new RunExecutor(database, new IngestService(database, TimeProvider.System, loggers.CreateLogger<IngestService>()), context.Configuration, options, TimeProvider.System, loggers.CreateLogger<RunExecutor>());
        var status = await executor.ExecuteAsync(queued, failed.Connector, ct);
        var run = await database.Runs.FindAsync(queued, CancellationToken.None);
        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"run {queued} (retry of {runId}) {status}: read {run?.Counts.Read ?? 0}{(run?.Error is { } e ? ", error: " + e : "")}"));
        return status == RunStatus.Succeeded ? HubCommandLine.Ok : HubCommandLine.Failed;
    }
}
