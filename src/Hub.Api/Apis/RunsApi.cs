using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Scheduling;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Operators' run control (docs/runs.md): connectors with their schedule, pause and last/next run; run now,
/// pause, resume; runs with counts, progress and errors; retry of a failed run; and the quarantine to browse and re-process (QuarantineReprocessApi).
/// Three route groups (<c>/api/v1/connectors</c>, <c>/api/v1/runs</c>, <c>/api/v1/quarantine</c>) so that
/// authorization can be put on each.
/// </summary>
internal static class RunsApi
{
    /// <summary>The largest page of runs or quarantined rows.</summary>
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var connectors = routes.MapGroup("/api/v1/connectors");
        connectors.MapGet("/", ListConnectorsAsync).WithName("ListConnectors");
        connectors.MapPost("/{name}/run", RunNowAsync).WithName("RunConnectorNow");
        connectors.MapPost("/{name}/pause", (string name, RunCoordinator coordinator, CancellationToken ct) => SetPausedAsync(name, true, coordinator, ct)).WithName("PauseConnector");
        connectors.MapPost("/{name}/resume", (string name, RunCoordinator coordinator, CancellationToken ct) => SetPausedAsync(name, false, coordinator, ct)).WithName("ResumeConnector");

        var runs = routes.MapGroup("/api/v1/runs");
        runs.MapGet("/", ListRunsAsync).WithName("ListRuns");
        runs.MapGet("/{id}", GetRunAsync).WithName("GetRun");
        runs.MapPost("/{id}/retry", RetryAsync).WithName("RetryRun");

        var quarantine = routes.MapGroup("/api/v1/quarantine");
        quarantine.MapGet("/", ListQuarantineAsync).WithName("ListQuarantine");
        quarantine.MapQuarantineReprocess();
        return routes;
    }

    /// <summary>A run as the API shows it.</summary>
    public sealed record RunDocument(
        Guid Id,
        string Connector,
        string Status,
        string? Trigger,
        Guid? RetryOf,
        string? Node,
        DateTimeOffset StartedAt,
        DateTimeOffset? FinishedAt,
        double? DurationSeconds,
        DateTimeOffset? ScheduledFor,
        RunCountsDocument Counts,
        RunProgressDocument Progress,
        string? Error);

    /// <summary>What a run did with what it read so far (committed with each batch).</summary>
    public sealed record RunCountsDocument(long Read, long Accepted, long Unchanged, long Quarantined);

    /// <summary>Progress while a run runs: records read so far, when its last batch committed, its node's last heartbeat.</summary>
    public sealed record RunProgressDocument(long RecordsRead, DateTimeOffset? LastBatchAt, DateTimeOffset? HeartbeatAt);

    /// <summary>A connector as the API shows it.</summary>
    public sealed record ConnectorDocument(string Name, string Kind, string Status, string? Schedule, bool Paused, DateTimeOffset? PausedAt, RunDocument? Running, RunDocument? LastRun, DateTimeOffset? NextRunAt);

    /// <summary>The answer to run-now and retry: the queued run and where to follow it.</summary>
    public sealed record QueuedDocument(Guid RunId, string Connector, string Status, string Location);

    internal static RunDocument ToDocument(RunRecord r, DateTimeOffset now) => new(
        r.RunId,
        r.Connector,
        r.Status.ToString().ToLowerInvariant(),
        r.Trigger,
        r.RetryOf,
        r.Node,
        r.StartedAt,
        r.FinishedAt,
        r.Duration(now)?.TotalSeconds,
        r.ScheduledFor,
        new RunCountsDocument(r.Counts.Read, r.Counts.Accepted, r.Counts.Unchanged, r.Counts.Quarantined),
        new RunProgressDocument(r.Counts.Read, r.LastBatchAt, r.HeartbeatAt),
        r.Error);

    private static async Task<IResult> ListConnectorsAsync(RunCoordinator coordinator, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var list = await coordinator.ListConnectorsAsync(ct);
        return TypedResults.Json(list.Select(c => new ConnectorDocument(
            c.Name,
            c.Kind,
            c.Running is not null ? "running" : c.Paused ? "paused" : string.IsNullOrWhiteSpace(c.Schedule) ? "manual" : "scheduled",
            c.Schedule,
            c.Paused,
            c.PausedAt,
            c.Running is null ? null : ToDocument(c.Running, now),
            c.LastRun is null ? null : ToDocument(c.LastRun, now),
            c.NextRunAt)).ToList());
    }

    private static async Task<IResult> RunNowAsync(string name, RunCoordinator coordinator, CancellationToken ct)
    {
        if (Canonical(coordinator, name) is not { } connector)
        {
            return UnknownConnector(coordinator, name);
        }

        var request = await coordinator.RunNowAsync(connector, ct);
        return request.Queued is { } runId
            ? TypedResults.Accepted($"/api/v1/runs/{runId}", new QueuedDocument(runId, connector, "queued", $"/api/v1/runs/{runId}"))
            : Busy(connector, request.HeldBy);
    }

    private static async Task<IResult> SetPausedAsync(string name, bool paused, RunCoordinator coordinator, CancellationToken ct)
    {
        if (Canonical(coordinator, name) is not { } connector)
        {
            return UnknownConnector(coordinator, name);
        }

        await coordinator.SetPausedAsync(connector, paused, ct);
        return TypedResults.Json(new { name = connector, paused });
    }

    private static async Task<IResult> ListRunsAsync(HubDatabase database, TimeProvider time, string? connector, string? status, int? limit, CancellationToken ct)
    {
        RunStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<RunStatus>(status, ignoreCase: true, out var s) || !Enum.IsDefined(s) || int.TryParse(status, out _))
            {
                return BadRequest("Unknown run status", $"'{status}' is not a run status; use queued, running, succeeded, failed or cancelled.");
            }

            parsed = s;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest("Bad limit", $"limit must be between 1 and {MaxLimit}.");
        }

        var now = time.GetUtcNow();
        var runs = await database.Runs.ListAsync(connector, parsed, limit ?? 50, ct);
        return TypedResults.Json(runs.Select(r => ToDocument(r, now)).ToList());
    }

    private static async Task<IResult> GetRunAsync(string id, HubDatabase database, TimeProvider time, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return BadRequest("Malformed run id", "A run id is a UUID.");
        }

        var run = await database.Runs.FindAsync(runId, ct);
        return run is null ? RunNotFound(runId) : TypedResults.Json(ToDocument(run, time.GetUtcNow()));
    }

    private static async Task<IResult> RetryAsync(string id, RunCoordinator coordinator, CancellationToken ct)
    {
        if (!Guid.TryParse(id, out var runId))
        {
            return BadRequest("Malformed run id", "A run id is a UUID.");
        }

        var (request, refusal) = await coordinator.RetryAsync(runId, ct);
        return refusal switch
        {
            RetryRefusal.NotFound => RunNotFound(runId),
            RetryRefusal.NotRetryable => TypedResults.Problem(
                title: "Run cannot be retried",
                detail: $"Run {runId} has not failed; only a failed or cancelled run can be retried.",
                statusCode: StatusCodes.Status409Conflict,
                type: "urn:integrationhub:problem:run-not-retryable"),
            RetryRefusal.Busy => Busy("the run's connector", request?.HeldBy),
            _ => TypedResults.Accepted($"/api/v1/runs/{request!.Queued}", new QueuedDocument(request.Queued!.Value, (await RunConnectorAsync(coordinator, request.Queued.Value, ct)) ?? "", "queued", $"/api/v1/runs/{request.Queued}")),
        };
    }

    private static async Task<IResult> ListQuarantineAsync(HubDatabase database, string? source, string? reason, string? run, string? status, int? limit, CancellationToken ct)
    {
        Guid? runId = null;
        if (run is not null)
        {
            if (!Guid.TryParse(run, out var r))
            {
                return BadRequest("Malformed run id", "A run id is a UUID.");
            }

            runId = r;
        }

        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest("Bad limit", $"limit must be between 1 and {MaxLimit}.");
        }

        if (status is not (null or "open" or "resolved" or "all"))
        {
            return BadRequest("Unknown quarantine status", $"'{status}' is not a quarantine status; use open, resolved or all.");
        }

        var rows = await database.Quarantine.ListAsync(source, reason, runId, status is "all" ? null : status ?? "open", limit ?? 100, ct);
        return TypedResults.Json(rows.Select(QuarantineReprocessApi.ToDocument).ToList());
    }

    private static async Task<string?> RunConnectorAsync(RunCoordinator coordinator, Guid runId, CancellationToken ct) =>
        (await coordinator.FindRunAsync(runId, ct))?.Connector;

    private static string? Canonical(RunCoordinator coordinator, string name) =>
        coordinator.Connectors.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult UnknownConnector(RunCoordinator coordinator, string name) => TypedResults.Problem(
        title: "Unknown connector",
        detail: $"No connector '{name}' is configured; configured: {string.Join(", ", coordinator.Connectors.Keys.Order(StringComparer.Ordinal))}.",
        statusCode: StatusCodes.Status404NotFound,
        type: "urn:integrationhub:problem:connector-not-found");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult RunNotFound(Guid runId) => TypedResults.Problem(
        title: "Run not found",
        detail: $"No run {runId}.",
        statusCode: StatusCodes.Status404NotFound,
        type: "urn:integrationhub:problem:run-not-found");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Busy(string connector, Guid? holder) => TypedResults.Problem(
        title: "Connector is running",
        detail: $"Run {holder} of {connector} holds the connector; two runs of one connector never run at once. Try again when it has ended.",
        statusCode: StatusCodes.Status409Conflict,
        type: "urn:integrationhub:problem:connector-busy",
        extensions: new Dictionary<string, object?> { ["runningRunId"] = holder });

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadRequest(string title, string detail) => TypedResults.Problem(
        title: title,
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        type: "urn:integrationhub:problem:bad-request");
}
