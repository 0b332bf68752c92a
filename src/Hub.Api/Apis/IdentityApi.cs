using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// The review queue and the manual identity operations: link, unlink, merge, unmerge and field overrides, each with
/// who and why: the actor is the authenticated client, the reason comes with the request.
/// </summary>
internal static class IdentityApi
{
    public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder routes)
    {
        var review = routes.MapGroup("/api/v1/review");
        review.MapGet("/", ListReviewAsync).WithName("ListReview");
        review.MapGet("/{reviewId:long}", GetReviewAsync).WithName("GetReview");
        review.MapPost("/{reviewId:long}/decision", DecideAsync).WithName("DecideReview");

        var persons = routes.MapGroup("/api/v1/persons");
        persons.MapGet("/id/{personId:guid}", GetPersonAsync).WithName("GetPersonById");
        persons.MapGet("/id/{personId:guid}/history", GetHistoryAsync).WithName("GetPersonHistory");
        persons.MapPost("/id/{personId:guid}/links", LinkAsync).WithName("LinkRecord");
        persons.MapPut("/id/{personId:guid}/overrides/{field}", OverrideAsync).WithName("OverrideField");
        persons.MapPost("/merge", MergeAsync).WithName("MergePersons");

        routes.MapPost("/api/v1/links/unlink", UnlinkAsync).WithName("UnlinkRecord");
        routes.MapPost("/api/v1/merges/{eventId:long}/unmerge", UnmergeAsync).WithName("UnmergePersons");
        routes.MapGet("/api/v1/decisions", ListDecisionsAsync).WithName("ListDecisions");
        return routes;
    }

    /// <summary>A manual decision's reason (the author is the authenticated client).</summary>
    public sealed record ActorBody(string? Reason);

    /// <summary>A reviewer's decision: <c>link</c> or <c>not-a-match</c>.</summary>
    public sealed record DecisionBody(string? Decision, string? Reason);

    /// <summary>A source record to link or unlink.</summary>
    public sealed record RecordBody(string? Source, string? SourceKey, string? Reason);

    /// <summary>Two persons to merge: the absorbed one goes into the survivor.</summary>
    public sealed record MergeBody(Guid SurvivorId, Guid AbsorbedId, string? Reason);

    /// <summary>A field's manual value; null clears the override.</summary>
    public sealed record OverrideBody(string? Value, string? Reason);

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ListReviewAsync(
        HubDatabase database, string? status, string? kind, long? after, int? limit, CancellationToken cancellationToken)
    {
        ReviewKind? parsedKind = null;
        if (kind is not null)
        {
            if (!TryParseKind(kind, out var k))
            {
                return Invalid("kind must be probable-match, nik-ganda or possible-duplicate.");
            }

            parsedKind = k;
        }

        var effectiveStatus = status ?? "open";
        var items = await database.Identity.ListReviewAsync(effectiveStatus == "all" ? null : effectiveStatus, parsedKind, after ?? 0, Math.Clamp(limit ?? 50, 1, 500), cancellationToken);
        var array = new JsonArray();
        foreach (var item in items)
        {
            array.Add(Summary(item));
        }

        var open = await database.Identity.CountReviewAsync("open", cancellationToken);
        return TypedResults.Ok(new JsonObject { ["open"] = open, ["items"] = array, ["next"] = items.Count > 0 ? items[^1].ReviewId : null });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetReviewAsync(long reviewId, HubDatabase database, CancellationToken cancellationToken)
    {
        var detail = await database.Identity.GetReviewAsync(reviewId, cancellationToken);
        if (detail is null)
        {
            return NotFound($"Review item {reviewId} does not exist.");
        }

        var record = new JsonObject();
        foreach (var (path, value) in detail.Record.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            record[path] = value;
        }

        var candidate = new JsonObject();
        if (detail.Candidate is { } golden)
        {
            foreach (var (path, value) in golden.Fields.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                candidate[path] = value.Value;
            }
        }

        var fields = new JsonArray();
        foreach (var path in detail.Record.Keys.Union(candidate.Select(c => c.Key)).Order(StringComparer.Ordinal))
        {
            fields.Add(new JsonObject
            {
                ["field"] = path,
                ["record"] = detail.Record.GetValueOrDefault(path),
                ["candidate"] = candidate[path]?.GetValue<string>(),
            });
        }

        var breakdown = new JsonArray();
        foreach (var c in detail.Breakdown)
        {
            breakdown.Add(new JsonObject { ["comparison"] = c.Comparison, ["level"] = c.Level, ["weight"] = Math.Round(c.Weight, 3) });
        }

        var document = Summary(detail.Item);
        document["recordPersonId"] = detail.RecordPersonId?.ToString();
        document["sideBySide"] = fields;
        document["breakdown"] = breakdown;
        document["modelVersion"] = detail.ModelVersion;
        document["decidedBy"] = detail.DecidedBy;
        document["reason"] = detail.Reason;
        document["decidedAt"] = detail.DecidedAt?.ToString("O", CultureInfo.InvariantCulture);
        return TypedResults.Ok(document);
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> DecideAsync(long reviewId, DecisionBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        ReviewDecision? decision = body.Decision switch
        {
            "link" => ReviewDecision.Link,
            "not-a-match" => ReviewDecision.NotAMatch,
            _ => null,
        };
        if (decision is null)
        {
            return Invalid("decision must be link or not-a-match.");
        }

        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.DecideReviewAsync(reviewId, decision.Value, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, "identity.review-decision", actor, new { reviewId, decision = body.Decision }, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetPersonAsync(Guid personId, HubDatabase database, CancellationToken cancellationToken)
    {
        var person = await database.Identity.FindPersonAsync(personId, cancellationToken);
        if (person is null)
        {
            return NotFound($"Person {personId} does not exist.");
        }

        var document = PersonDocument.From(person);
        var links = new JsonArray();
        foreach (var link in await database.Identity.ListLinksAsync(person.PersonId, cancellationToken))
        {
            links.Add(new JsonObject
            {
                ["source"] = link.Source,
                ["sourceKey"] = link.SourceKey,
                ["method"] = link.Method,
                ["decisionId"] = link.DecisionId,
                ["updatedAt"] = link.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        document["links"] = links;
        return TypedResults.Ok(document);
    }

    public static async Task<Ok<JsonArray>> GetHistoryAsync(Guid personId, HubDatabase database, CancellationToken cancellationToken)
    {
        var array = new JsonArray();
        foreach (var e in await database.Identity.GetHistoryAsync(personId, cancellationToken))
        {
            array.Add(new JsonObject
            {
                ["eventId"] = e.EventId,
                ["kind"] = e.Kind,
                ["source"] = e.Source,
                ["sourceKey"] = e.SourceKey,
                ["otherPersonId"] = e.OtherPersonId?.ToString(),
                ["decisionId"] = e.DecisionId,
                ["actor"] = e.Actor,
                ["reason"] = e.Reason,
                ["at"] = e.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return TypedResults.Ok(array);
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> LinkAsync(Guid personId, RecordBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Source) || string.IsNullOrWhiteSpace(body.SourceKey))
        {
            return Invalid("source and sourceKey are required.");
        }

        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.LinkAsync(body.Source, body.SourceKey, personId, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, "identity.link", actor, new { source = body.Source, sourceKey = body.SourceKey }, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> UnlinkAsync(RecordBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(body.Source) || string.IsNullOrWhiteSpace(body.SourceKey))
        {
            return Invalid("source and sourceKey are required.");
        }

        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.UnlinkAsync(body.Source, body.SourceKey, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, "identity.unlink", actor, new { source = body.Source, sourceKey = body.SourceKey }, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> MergeAsync(MergeBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.MergeAsync(body.SurvivorId, body.AbsorbedId, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, "identity.merge", actor, new { survivorId = body.SurvivorId, absorbedId = body.AbsorbedId }, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> UnmergeAsync(long eventId, ActorBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.UnmergeAsync(eventId, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, "identity.unmerge", actor, new { mergeEventId = eventId }, cancellationToken));
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> OverrideAsync(Guid personId, string field, OverrideBody body, ClaimsPrincipal user, HubDatabase database, IAuditLog audit, CancellationToken cancellationToken)
    {
        if (Actor(user, body.Reason) is not { } actor)
        {
            return Invalid("reason is required: every decision records who made it (the authenticated client) and why.");
        }

        var result = await database.Identity.OverrideFieldAsync(personId, field, body.Value, actor, cancellationToken);
        return Respond(await AuditAsync(audit, result, body.Value is null ? "identity.override-cleared" : "identity.override", actor, new { field }, cancellationToken, [field]));
    }

    public static async Task<Results<Ok<JsonArray>, ProblemHttpResult>> ListDecisionsAsync(string? source, string? sourceKey, HubDatabase database, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(source) || string.IsNullOrWhiteSpace(sourceKey))
        {
            return Invalid("source and sourceKey are required.");
        }

        var array = new JsonArray();
        foreach (var d in await database.Identity.ListDecisionsAsync(source, sourceKey, cancellationToken))
        {
            var breakdown = new JsonArray();
            foreach (var c in d.Breakdown)
            {
                breakdown.Add(new JsonObject { ["comparison"] = c.Comparison, ["level"] = c.Level, ["weight"] = Math.Round(c.Weight, 3) });
            }

            array.Add(new JsonObject
            {
                ["decisionId"] = d.DecisionId,
                ["personId"] = d.PersonId?.ToString(),
                ["outcome"] = d.Outcome,
                ["method"] = d.Method,
                ["weight"] = d.Weight,
                ["probability"] = d.Probability,
                ["breakdown"] = breakdown,
                ["modelVersion"] = d.ModelVersion,
                ["actor"] = d.Actor,
                ["reason"] = d.Reason,
                ["at"] = d.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            });
        }

        return TypedResults.Ok(array);
    }

    private static JsonObject Summary(ReviewItemSummary item) => new()
    {
        ["reviewId"] = item.ReviewId,
        ["kind"] = KindText(item.Kind),
        ["source"] = item.Source,
        ["sourceKey"] = item.SourceKey,
        ["candidatePersonId"] = item.CandidatePersonId.ToString(),
        ["weight"] = item.Weight is { } w ? Math.Round(w, 3) : null,
        ["probability"] = item.Probability,
        ["status"] = item.Status,
        ["createdAt"] = item.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
    };

    private static string KindText(ReviewKind kind) => kind switch
    {
        ReviewKind.NikGanda => "nik-ganda",
        ReviewKind.PossibleDuplicate => "possible-duplicate",
        _ => "probable-match",
    };

    private static bool TryParseKind(string text, out ReviewKind kind)
    {
        foreach (var k in Enum.GetValues<ReviewKind>())
        {
            if (KindText(k) == text)
            {
                kind = k;
                return true;
            }
        }

        kind = default;
        return false;
    }

    // The decision is recorded in the audit log only once the store has made it; the response waits for the entry
    // to be durable, so a caller never sees a success that was not audited.
    private static async Task<IdentityOpResult> AuditAsync(IAuditLog audit, IdentityOpResult result, string action, ActorContext actor, object detail, CancellationToken cancellationToken, IReadOnlyList<string>? fields = null)
    {
        if (result.Status == IdentityOpStatus.Ok)
        {
            var json = System.Text.Json.JsonSerializer.Serialize(new { detail, reason = actor.Reason, eventId = result.EventId });
            await audit.AppendAsync(new AuditEvent(action, actor.Actor, SubjectPersonId: result.PersonId, Fields: fields, Detail: json), cancellationToken);
        }

        return result;
    }

    private static ActorContext? Actor(ClaimsPrincipal user, string? reason) =>
        Access.HubPrincipal.ClientId(user) is not { } actor || string.IsNullOrWhiteSpace(reason) ? null : new ActorContext(actor, reason);

    private static Results<Ok<JsonObject>, ProblemHttpResult> Respond(IdentityOpResult result) => result.Status switch
    {
        IdentityOpStatus.Ok => TypedResults.Ok(new JsonObject
        {
            ["message"] = result.Message,
            ["personId"] = result.PersonId?.ToString(),
            ["eventId"] = result.EventId,
        }),
        IdentityOpStatus.NotFound => NotFound(result.Message),
        _ => TypedResults.Problem(title: "Not allowed in the current state", detail: result.Message, statusCode: StatusCodes.Status409Conflict, type: "urn:integrationhub:problem:identity-conflict"),
    };

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:not-found");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
