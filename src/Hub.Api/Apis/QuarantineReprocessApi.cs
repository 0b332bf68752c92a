using System.Security.Claims;
using IntegrationHub.Api.Access;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Quarantine;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// One quarantined row, and re-processing after a mapping fix (docs/runs.md): <c>GET /api/v1/quarantine/{id}</c>,
/// <c>POST /api/v1/quarantine/{id}/reprocess</c> and the bulk <c>POST /api/v1/quarantine/reprocess</c>. Mapped
/// on the quarantine route group of <see cref="RunsApi"/>, so they need the same roles.
/// </summary>
internal static class QuarantineReprocessApi
{
    /// <summary>A quarantined row as the API shows it: the row, its attempts, and how it was resolved.</summary>
    public sealed record QuarantineDocument(
        long Id,
        Guid RunId,
        string Source,
        string? Location,
        long? Line,
        string Reason,
        string? Field,
        string Message,
        string? RawRecord,
        string Status,
        DateTimeOffset CreatedAt,
        int Attempts,
        DateTimeOffset? LastAttemptAt,
        IReadOnlyList<QuarantineReason> LastAttemptReasons,
        DateTimeOffset? ResolvedAt,
        string? ResolvedBy,
        Guid? ResolvedRunId,
        bool Reprocessable);

    /// <summary>The answer to a re-process that resolved its row: the run that ingested it and where to see it.</summary>
    public sealed record ReprocessDocument(long Id, string Status, Guid? RunId, string? Run, IReadOnlyList<QuarantineReason> Reasons, string? Message);

    /// <summary>A bulk re-process's filters.</summary>
    public sealed record ReprocessManyBody(string? Source, string? Reason, int? Limit);

    /// <summary>What a bulk re-process did: counts by outcome and one line per row, oldest first.</summary>
    public sealed record ReprocessManyDocument(string Source, string? Reason, int Processed, int Resolved, int StillFailing, int Other, IReadOnlyList<ReprocessDocument> Items);

    public static RouteGroupBuilder MapQuarantineReprocess(this RouteGroupBuilder quarantine)
    {
        quarantine.MapGet("/{id}", GetAsync).WithName("GetQuarantinedRow");
        quarantine.MapPost("/{id}/reprocess", ReprocessAsync).WithName("ReprocessQuarantinedRow");
        quarantine.MapPost("/reprocess", ReprocessManyAsync).WithName("ReprocessQuarantine");
        return quarantine;
    }

    internal static QuarantineDocument ToDocument(QuarantineItem q) => new(
        q.Id, q.RunId, q.Source, q.Location, q.Line, q.Reason, q.Field, q.Message, q.RawRecord, q.Status, q.CreatedAt,
        q.Attempts, q.LastAttemptAt, q.LastAttemptReasons, q.ResolvedAt, q.ResolvedBy, q.ResolvedRunId, q.Fields is not null);

    private static async Task<IResult> GetAsync(string id, HubDatabase database, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quarantineId))
        {
            return MalformedId();
        }

        var item = await database.Quarantine.FindAsync(quarantineId, ct);
        return item is null ? NotFound(quarantineId) : TypedResults.Json(ToDocument(item));
    }

    private static async Task<IResult> ReprocessAsync(string id, IngestService ingest, IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var quarantineId))
        {
            return MalformedId();
        }

        ReprocessOutcome outcome;
        try
        {
            outcome = await ingest.ReprocessAsync(quarantineId, configuration.GetSources(), HubPrincipal.ClientId(user)!, ct);
        }
        catch (IngestInputException ex)
        {
            return MappingUnusable(ex.Message);
        }

        return outcome.Status switch
        {
            ReprocessStatus.Resolved => TypedResults.Json(ToDocument(outcome)),
            ReprocessStatus.NotFound => NotFound(quarantineId),
            ReprocessStatus.AlreadyResolved => TypedResults.Problem(
                title: "Row already resolved",
                detail: outcome.Message,
                statusCode: StatusCodes.Status409Conflict,
                type: "urn:integrationhub:problem:quarantine-resolved",
                extensions: new Dictionary<string, object?> { ["quarantineId"] = quarantineId, ["runId"] = outcome.RunId }),
            ReprocessStatus.StillFailing => TypedResults.Problem(
                title: "Row still fails",
                detail: $"Row {quarantineId} still fails with the current mapping ({string.Join(", ", outcome.Reasons.Select(r => r.Reason))}); it stays quarantined.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: "urn:integrationhub:problem:quarantine-still-failing",
                extensions: new Dictionary<string, object?> { ["quarantineId"] = quarantineId, ["outcome"] = outcome.Code, ["reasons"] = outcome.Reasons }),
            _ => TypedResults.Problem(
                title: "Row cannot be re-processed",
                detail: outcome.Message,
                statusCode: StatusCodes.Status422UnprocessableEntity,
                type: "urn:integrationhub:problem:quarantine-not-reprocessable",
                extensions: new Dictionary<string, object?> { ["quarantineId"] = quarantineId, ["outcome"] = outcome.Code, ["reasons"] = outcome.Reasons }),
        };
    }

    private static async Task<IResult> ReprocessManyAsync(ReprocessManyBody? body, IngestService ingest, IConfiguration configuration, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body?.Source))
        {
            return BadRequest("Name a source", "A bulk re-process takes the rows of one source: give {\"source\": \"dukcapil\"} and, optionally, a reason code and a limit.");
        }

        if (body.Limit is < 1 or > IngestService.MaxBulkReprocess)
        {
            return BadRequest("Bad limit", $"limit must be between 1 and {IngestService.MaxBulkReprocess}.");
        }

        IReadOnlyList<ReprocessOutcome> outcomes;
        try
        {
            outcomes = await ingest.ReprocessManyAsync(body.Source, body.Reason, body.Limit ?? 50, configuration.GetSources(), HubPrincipal.ClientId(user)!, ct);
        }
        catch (IngestInputException ex)
        {
            return MappingUnusable(ex.Message);
        }

        var resolved = outcomes.Count(o => o.Status == ReprocessStatus.Resolved);
        var failing = outcomes.Count(o => o.Status == ReprocessStatus.StillFailing);
        return TypedResults.Json(new ReprocessManyDocument(body.Source, body.Reason, outcomes.Count, resolved, failing, outcomes.Count - resolved - failing, outcomes.Select(ToDocument).ToList()));
    }

    private static ReprocessDocument ToDocument(ReprocessOutcome o) =>
        new(o.QuarantineId, o.Code, o.RunId, o.RunId is { } run ? $"/api/v1/runs/{run}" : null, o.Reasons, o.Message);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound(long id) => TypedResults.Problem(
        title: "Quarantined row not found",
        detail: $"No quarantined row {id}.",
        statusCode: StatusCodes.Status404NotFound,
        type: "urn:integrationhub:problem:quarantine-not-found");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult MalformedId() =>
        BadRequest("Malformed quarantine id", "A quarantined row's id is a whole number, as the quarantine list gives it.");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult MappingUnusable(string message) => TypedResults.Problem(
        title: "Mapping cannot be used",
        detail: message,
        statusCode: StatusCodes.Status422UnprocessableEntity,
        type: "urn:integrationhub:problem:mapping-invalid");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BadRequest(string title, string detail) => TypedResults.Problem(
        title: title,
        detail: detail,
        statusCode: StatusCodes.Status400BadRequest,
        type: "urn:integrationhub:problem:bad-request");
}
