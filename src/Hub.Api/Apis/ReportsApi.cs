using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Api.Audit;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Reports for auditors, as JSON or CSV (<c>?format=csv</c> or <c>Accept: text/csv</c>): a person's lineage, who
/// accessed a person's data, and a per-client access summary over a period. Reading a report is itself an access
/// and is recorded in the audit log (<c>report.lineage</c>, <c>report.access</c>, <c>report.access-summary</c>).
/// One route group, so that authorization applies to it as a whole.
/// </summary>
internal static class ReportsApi
{
    public const string CsvMediaType = "text/csv";

    /// <summary>The most entries an access report returns.</summary>
    public const int MaxEntries = 10_000;

    public static RouteGroupBuilder MapReportsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/reports");
        group.MapGet("/lineage", LineageAsync).WithName("LineageReport");
        group.MapGet("/access", AccessAsync).WithName("AccessReport");
        group.MapGet("/access-summary", AccessSummaryAsync).WithName("AccessSummaryReport");
        return group;
    }

    /// <summary>
    /// A person's lineage (by <c>nik</c> or <c>personId</c>): every golden field with its value, source record, run,
    /// file and line, mapping rule and survivorship rule; the source records linked and every match decision on them
    /// with its evidence; and the person's history of manual operations.
    /// </summary>
    public static async Task<IResult> LineageAsync(
        HttpContext http, string? nik, string? personId, string? format, string? purpose,
        HubDatabase database, SurvivorshipPolicy policy, AuditStore audit, CancellationToken cancellationToken)
    {
        if (Format(http, format) is not { } csv)
        {
            return BadFormat();
        }

        if (ParseSubject(nik, personId) is { Problem: { } problem })
        {
            return problem;
        }

        var subject = ParseSubject(nik, personId);
        var person = subject.Nik is { } n
            ? await database.MasterIndex.FindPersonByNikAsync(n, cancellationToken)
            : await database.Identity.FindPersonAsync(subject.PersonId!.Value, cancellationToken);
        if (person is null)
        {
            return TypedResults.Problem(title: "Person not found", detail: "No person with that NIK or id is in the master index.",
                statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:person-not-found");
        }

        var links = await database.Identity.ListLinksAsync(person.PersonId, cancellationToken);
        var sources = links.Select(l => l.Source).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        var decisions = new List<MatchDecisionInfo>();
        foreach (var link in links)
        {
            decisions.AddRange(await database.Identity.ListDecisionsAsync(link.Source, link.SourceKey, cancellationToken));
        }

        // Manual overrides are decided on the person itself.
        decisions.AddRange(await database.Identity.ListDecisionsAsync("person", person.PersonId.ToString(), cancellationToken));
        var history = await database.Identity.GetHistoryAsync(person.PersonId, cancellationToken);
        var fields = person.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

        await audit.AppendAsync(new AuditEvent("report.lineage", (Access.HubPrincipal.ClientId(http.User) ?? "anonymous"), Purpose(http, purpose), person.Nik, person.PersonId,
            fields.Select(f => f.Key).ToList(), http.TraceIdentifier), cancellationToken);

        if (csv)
        {
            var text = new CsvText("section", "field", "value", "source", "source_key", "run_id", "location", "line", "received_at", "mapping_rule",
                "survivorship", "decision_id", "outcome", "method", "weight", "probability", "breakdown", "actor", "reason", "at");
            foreach (var (path, value) in fields)
            {
                var p = value.Provenance;
                text.Row("field", path, value.Value, p.Source, p.SourceKey, RunId(p), p.Location, p.Line, p.ReceivedAt, MappingRule(p),
                    Survivorship(policy, path, p, sources), p.DecisionId, null, null, null, null, null, null, null, null);
            }

            foreach (var d in decisions)
            {
                text.Row("decision", null, null, d.Source, d.SourceKey, null, null, null, null, null, null, d.DecisionId, d.Outcome, d.Method,
                    d.Weight, d.Probability, Breakdown(d), d.Actor, d.Reason, d.CreatedAt);
            }

            foreach (var e in history)
            {
                text.Row("event", null, e.OtherPersonId?.ToString(), e.Source, e.SourceKey, null, null, null, null, null, null, e.DecisionId, e.Kind, null,
                    null, null, null, e.Actor, e.Reason, e.CreatedAt);
            }

            return Csv(text, $"lineage-{person.PersonId}.csv");
        }

        var fieldArray = new JsonArray();
        foreach (var (path, value) in fields)
        {
            var p = value.Provenance;
            fieldArray.Add(new JsonObject
            {
                ["field"] = path,
                ["value"] = value.Value,
                ["source"] = p.Source,
                ["sourceKey"] = p.SourceKey,
                ["sourceRecordId"] = p.SourceRecordId,
                ["runId"] = RunId(p),
                ["location"] = p.Location,
                ["line"] = p.Line,
                ["receivedAt"] = Time(p.ReceivedAt),
                ["mappingRule"] = MappingRule(p),
                ["survivorship"] = Survivorship(policy, path, p, sources),
                ["decisionId"] = p.DecisionId,
            });
        }

        var linkArray = new JsonArray();
        foreach (var link in links)
        {
            linkArray.Add(new JsonObject
            {
                ["source"] = link.Source,
                ["sourceKey"] = link.SourceKey,
                ["state"] = link.State,
                ["method"] = link.Method,
                ["decisionId"] = link.DecisionId,
                ["updatedAt"] = Time(link.UpdatedAt),
            });
        }

        var decisionArray = new JsonArray();
        foreach (var d in decisions)
        {
            var breakdown = new JsonArray();
            foreach (var c in d.Breakdown)
            {
                breakdown.Add(new JsonObject { ["comparison"] = c.Comparison, ["level"] = c.Level, ["weight"] = Math.Round(c.Weight, 3) });
            }

            decisionArray.Add(new JsonObject
            {
                ["decisionId"] = d.DecisionId,
                ["source"] = d.Source,
                ["sourceKey"] = d.SourceKey,
                ["personId"] = d.PersonId?.ToString(),
                ["outcome"] = d.Outcome,
                ["method"] = d.Method,
                ["weight"] = d.Weight,
                ["probability"] = d.Probability,
                ["breakdown"] = breakdown,
                ["modelVersion"] = d.ModelVersion,
                ["actor"] = d.Actor,
                ["reason"] = d.Reason,
                ["at"] = Time(d.CreatedAt),
            });
        }

        var historyArray = new JsonArray();
        foreach (var e in history)
        {
            historyArray.Add(new JsonObject
            {
                ["eventId"] = e.EventId,
                ["kind"] = e.Kind,
                ["source"] = e.Source,
                ["sourceKey"] = e.SourceKey,
                ["otherPersonId"] = e.OtherPersonId?.ToString(),
                ["decisionId"] = e.DecisionId,
                ["actor"] = e.Actor,
                ["reason"] = e.Reason,
                ["at"] = Time(e.CreatedAt),
            });
        }

        return TypedResults.Json(new JsonObject
        {
            ["personId"] = person.PersonId.ToString(),
            ["nik"] = person.Nik,
            ["version"] = person.Version,
            ["fields"] = fieldArray,
            ["links"] = linkArray,
            ["decisions"] = decisionArray,
            ["history"] = historyArray,
        });
    }

    /// <summary>
    /// Who accessed a person's data (by <c>nik</c> or <c>personId</c>), when, for what purpose and which fields: every
    /// audit entry naming the person, oldest first, optionally within <c>from</c>..<c>to</c>. Answers a data subject's request.
    /// </summary>
    public static async Task<IResult> AccessAsync(
        HttpContext http, string? nik, string? personId, string? from, string? to, string? format, string? purpose,
        HubDatabase database, AuditStore audit, CancellationToken cancellationToken)
    {
        if (Format(http, format) is not { } csv)
        {
            return BadFormat();
        }

        var subject = ParseSubject(nik, personId);
        if (subject.Problem is { } problem)
        {
            return problem;
        }

        if (ParsePeriod(from, to, null) is { Problem: { } periodProblem })
        {
            return periodProblem;
        }

        var period = ParsePeriod(from, to, null);
        // The person's NIK and id both name them in the log: look up the other from the one given.
        var person = subject.Nik is { } n
            ? await database.MasterIndex.FindPersonByNikAsync(n, cancellationToken)
            : await database.Identity.FindPersonAsync(subject.PersonId!.Value, cancellationToken);
        var subjectNik = subject.Nik?.Value ?? person?.Nik;
        var subjectId = person?.PersonId ?? subject.PersonId;
        var entries = await audit.ListBySubjectAsync(subjectNik, subjectId, period.From, period.To, MaxEntries, cancellationToken);

        await audit.AppendAsync(new AuditEvent("report.access", (Access.HubPrincipal.ClientId(http.User) ?? "anonymous"), Purpose(http, purpose), subjectNik, subjectId,
            RequestId: http.TraceIdentifier, Detail: JsonSerializer.Serialize(new { entries = entries.Count })), cancellationToken);

        if (csv)
        {
            var text = new CsvText("seq", "at", "actor", "action", "purpose", "fields", "request_id");
            foreach (var e in entries)
            {
                text.Row(e.Seq, e.Time, e.Event.Actor, e.Event.Action, e.Event.Purpose, e.Event.Fields is { } f ? string.Join(' ', f) : null, e.Event.RequestId);
            }

            return Csv(text, "access.csv");
        }

        var array = new JsonArray();
        foreach (var e in entries)
        {
            array.Add(new JsonObject
            {
                ["seq"] = e.Seq,
                ["at"] = Time(e.Time),
                ["actor"] = e.Event.Actor,
                ["action"] = e.Event.Action,
                ["purpose"] = e.Event.Purpose,
                ["fields"] = e.Event.Fields is { } f ? new JsonArray(f.Select(x => (JsonNode?)x).ToArray()) : null,
                ["requestId"] = e.Event.RequestId,
            });
        }

        return TypedResults.Json(new JsonObject
        {
            ["nik"] = subjectNik,
            ["personId"] = subjectId?.ToString(),
            ["count"] = entries.Count,
            ["truncated"] = entries.Count == MaxEntries,
            ["entries"] = array,
        });
    }

    /// <summary>
    /// Per client (or one, <c>client</c>) over <c>from</c>..<c>to</c> (default: the last 30 days): entries by action
    /// and purpose with their counts and distinct persons, and each client's distinct persons overall.
    /// </summary>
    public static async Task<IResult> AccessSummaryAsync(
        HttpContext http, string? client, string? from, string? to, string? format, string? purpose,
        AuditStore audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Format(http, format) is not { } csv)
        {
            return BadFormat();
        }

        var period = ParsePeriod(from, to, time.GetUtcNow());
        if (period.Problem is { } problem)
        {
            return problem;
        }

        var (start, end) = (period.From!.Value, period.To!.Value);
        var groups = await audit.SummarizeAsync(client, start, end, cancellationToken);
        var subjects = await audit.CountDistinctSubjectsAsync(client, start, end, cancellationToken);

        await audit.AppendAsync(new AuditEvent("report.access-summary", (Access.HubPrincipal.ClientId(http.User) ?? "anonymous"), Purpose(http, purpose), RequestId: http.TraceIdentifier,
            Detail: JsonSerializer.Serialize(new { client, from = Time(start), to = Time(end) })), cancellationToken);

        if (csv)
        {
            var text = new CsvText("client", "action", "purpose", "count", "distinct_subjects", "from", "to");
            foreach (var g in groups)
            {
                text.Row(g.Actor, g.Action, g.Purpose, g.Count, g.DistinctSubjects, start, end);
            }

            return Csv(text, "access-summary.csv");
        }

        var clients = new JsonArray();
        foreach (var byActor in groups.GroupBy(g => g.Actor, StringComparer.Ordinal))
        {
            var actions = new JsonArray();
            foreach (var g in byActor)
            {
                actions.Add(new JsonObject { ["action"] = g.Action, ["purpose"] = g.Purpose, ["count"] = g.Count, ["distinctSubjects"] = g.DistinctSubjects });
            }

            clients.Add(new JsonObject
            {
                ["client"] = byActor.Key,
                ["total"] = byActor.Sum(g => g.Count),
                ["distinctSubjects"] = subjects.GetValueOrDefault(byActor.Key),
                ["groups"] = actions,
            });
        }

        return TypedResults.Json(new JsonObject { ["from"] = Time(start), ["to"] = Time(end), ["client"] = client, ["clients"] = clients });
    }

    private sealed record Subject(Nik? Nik, Guid? PersonId, IResult? Problem);

    private sealed record Period(DateTimeOffset? From, DateTimeOffset? To, IResult? Problem);

    private static Subject ParseSubject(string? nik, string? personId)
    {
        if (string.IsNullOrWhiteSpace(nik) == string.IsNullOrWhiteSpace(personId))
        {
            return new(null, null, Invalid("Give exactly one of nik and personId."));
        }

        if (!string.IsNullOrWhiteSpace(nik))
        {
            var parsed = Nik.Parse(nik);
            return parsed.Success
                ? new(parsed.Value, null, null)
                : new(null, null, TypedResults.Problem(title: "Malformed NIK", detail: parsed.Message, statusCode: StatusCodes.Status400BadRequest,
                    type: "urn:integrationhub:problem:nik-malformed", extensions: new Dictionary<string, object?> { ["reason"] = "nik." + parsed.Error }));
        }

        return Guid.TryParse(personId, CultureInfo.InvariantCulture, out var id)
            ? new(null, id, null)
            : new(null, null, Invalid("personId must be a person id (a GUID)."));
    }

    // With a clock, a missing end is now and a missing start 30 days before the end; without one, both stay open.
    private static Period ParsePeriod(string? from, string? to, DateTimeOffset? now)
    {
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        if (!string.IsNullOrWhiteSpace(from))
        {
            if (!TryParseTime(from, out var f))
            {
                return new(null, null, Invalid("from must be an ISO 8601 date or time (2026-11-01 or 2026-11-01T00:00:00Z)."));
            }

            start = f;
        }

        if (!string.IsNullOrWhiteSpace(to))
        {
            if (!TryParseTime(to, out var t))
            {
                return new(null, null, Invalid("to must be an ISO 8601 date or time (2026-12-01 or 2026-12-01T00:00:00Z)."));
            }

            end = t;
        }

        if (now is { } clock)
        {
            end ??= clock;
            start ??= end.Value.AddDays(-30);
        }

        return start > end ? new(null, null, Invalid("from must not be after to.")) : new(start, end, null);
    }

    private static bool TryParseTime(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>True for CSV, false for JSON, null for a format that is neither.</summary>
    private static bool? Format(HttpContext http, string? format) => format?.ToLowerInvariant() switch
    {
        "csv" => true,
        "json" => false,
        null => http.Request.Headers.Accept.Any(a => a?.Contains(CsvMediaType, StringComparison.OrdinalIgnoreCase) == true),
        _ => null,
    };

    private static string? Purpose(HttpContext http, string? purpose) =>
        http.Request.Headers["X-Purpose"].FirstOrDefault() is { Length: > 0 } header ? header : purpose;

    private static string? RunId(Provenance p) => p.RunId == Guid.Empty ? null : p.RunId.ToString();

    // An override keeps its reason where a mapping rule would be.
    private static string? MappingRule(Provenance p) => p.Source == "override" ? null : p.Rule;

    /// <summary>Why this value survived: a manual override, or the trust of the sources holding the person for this field, then recency.</summary>
    private static string Survivorship(SurvivorshipPolicy policy, string path, Provenance p, IReadOnlyList<string> sources)
    {
        if (p.Source == "override")
        {
            return $"manual override by {p.SourceKey}: {p.Rule}";
        }

        var trust = string.Join(", ", sources.Select(s => $"{s} {policy.TrustOf(s, path).ToString(CultureInfo.InvariantCulture)}"));
        return $"highest source trust for {path} ({trust}), then the most recent record";
    }

    private static string Breakdown(MatchDecisionInfo d) =>
        string.Join("; ", d.Breakdown.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Comparison}={c.Level} ({c.Weight:0.###})")));

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static FileContentHttpResult Csv(CsvText text, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text.ToString()), CsvMediaType + "; charset=utf-8", fileName);

    private static ProblemHttpResult BadFormat() => Invalid("format must be json or csv.");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
