using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;

namespace IntegrationHub.Worker.Reports;

/// <summary>Whom a report is about: a NIK or a person id.</summary>
public sealed record ReportSubject(Nik? Nik, Guid? PersonId);

/// <summary>Who reads a report and why; the read is recorded in the audit log with these.</summary>
public sealed record ReportReader(string Actor, string? Purpose, string? RequestId);

/// <summary>
/// The reports for auditors, shared by the API (<c>/api/v1/reports</c>) and the command line (<c>hub report</c>): each
/// builds one JSON document, and its CSV form is made from that document. Reading a report is an access: each appends
/// <c>report.lineage</c>, <c>report.access</c> or <c>report.access-summary</c> before returning.
/// </summary>
public sealed class AuditReports(HubDatabase database, AuditStore audit, SurvivorshipPolicy policy)
{
    /// <summary>The most entries an access report returns.</summary>
    public const int MaxEntries = 10_000;

    /// <summary>
    /// A person's lineage: every golden field with value, source record, run, file and line, mapping rule and survivorship
    /// rule; the linked source records; every match decision on them with its evidence; the person's history. Null when
    /// the person is unknown.
    /// </summary>
    public async Task<JsonObject?> LineageAsync(ReportSubject subject, ReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(reader);
        var person = await FindAsync(subject, cancellationToken);
        if (person is null)
        {
            return null;
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

        await audit.AppendAsync(new AuditEvent("report.lineage", reader.Actor, reader.Purpose, person.Nik, person.PersonId,
            fields.Select(f => f.Key).ToList(), reader.RequestId), cancellationToken);

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
                ["runId"] = p.RunId == Guid.Empty ? null : p.RunId.ToString(),
                ["location"] = p.Location,
                ["line"] = p.Line,
                ["receivedAt"] = Time(p.ReceivedAt),
                // An override keeps its reason where a mapping rule would be.
                ["mappingRule"] = p.Source == "override" ? null : p.Rule,
                ["survivorship"] = Survivorship(path, p, sources),
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

        return new JsonObject
        {
            ["personId"] = person.PersonId.ToString(),
            ["nik"] = person.Nik,
            ["version"] = person.Version,
            ["fields"] = fieldArray,
            ["links"] = linkArray,
            ["decisions"] = decisionArray,
            ["history"] = historyArray,
        };
    }

    /// <summary>The lineage document as CSV: one row per field (<c>field</c>), decision (<c>decision</c>) and history event (<c>event</c>).</summary>
    public static string LineageCsv(JsonObject lineage)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        var text = new CsvText("section", "field", "value", "source", "source_key", "run_id", "location", "line", "received_at", "mapping_rule",
            "survivorship", "decision_id", "outcome", "method", "weight", "probability", "breakdown", "actor", "reason", "at");
        foreach (var f in lineage["fields"]!.AsArray().Select(n => n!.AsObject()))
        {
            text.Row("field", S(f, "field"), S(f, "value"), S(f, "source"), S(f, "sourceKey"), S(f, "runId"), S(f, "location"), N(f, "line"), S(f, "receivedAt"),
                S(f, "mappingRule"), S(f, "survivorship"), N(f, "decisionId"), null, null, null, null, null, null, null, null);
        }

        foreach (var d in lineage["decisions"]!.AsArray().Select(n => n!.AsObject()))
        {
            var breakdown = string.Join("; ", d["breakdown"]!.AsArray().Select(c => string.Create(CultureInfo.InvariantCulture,
                $"{(string?)c!["comparison"]}={(string?)c["level"]} ({(double)c["weight"]!:0.###})")));
            text.Row("decision", null, null, S(d, "source"), S(d, "sourceKey"), null, null, null, null, null, null, N(d, "decisionId"), S(d, "outcome"), S(d, "method"),
                N(d, "weight"), N(d, "probability"), breakdown, S(d, "actor"), S(d, "reason"), S(d, "at"));
        }

        foreach (var e in lineage["history"]!.AsArray().Select(n => n!.AsObject()))
        {
            text.Row("event", null, S(e, "otherPersonId"), S(e, "source"), S(e, "sourceKey"), null, null, null, null, null, null, N(e, "decisionId"), S(e, "kind"), null,
                null, null, null, S(e, "actor"), S(e, "reason"), S(e, "at"));
        }

        return text.ToString();
    }

    /// <summary>
    /// Who accessed a person's data, when, for what purpose and which fields: every audit entry naming the person (by NIK
    /// or person id), oldest first, within the period when given.
    /// </summary>
    public async Task<JsonObject> AccessAsync(ReportSubject subject, DateTimeOffset? from, DateTimeOffset? to, ReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(reader);
        // The person's NIK and id both name them in the log: look up the other from the one given.
        var person = await FindAsync(subject, cancellationToken);
        var subjectNik = subject.Nik?.Value ?? person?.Nik;
        var subjectId = person?.PersonId ?? subject.PersonId;
        var entries = await audit.ListBySubjectAsync(subjectNik, subjectId, from, to, MaxEntries, cancellationToken);

        await audit.AppendAsync(new AuditEvent("report.access", reader.Actor, reader.Purpose, subjectNik, subjectId,
            RequestId: reader.RequestId, Detail: JsonSerializer.Serialize(new { entries = entries.Count })), cancellationToken);

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

        return new JsonObject
        {
            ["nik"] = subjectNik,
            ["personId"] = subjectId?.ToString(),
            ["count"] = entries.Count,
            ["truncated"] = entries.Count == MaxEntries,
            ["entries"] = array,
        };
    }

    /// <summary>The access report as CSV, one row per entry.</summary>
    public static string AccessCsv(JsonObject report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new CsvText("seq", "at", "actor", "action", "purpose", "fields", "request_id");
        foreach (var e in report["entries"]!.AsArray().Select(n => n!.AsObject()))
        {
            var fields = e["fields"] is JsonArray f ? string.Join(' ', f.Select(x => (string?)x)) : null;
            text.Row(N(e, "seq"), S(e, "at"), S(e, "actor"), S(e, "action"), S(e, "purpose"), fields, S(e, "requestId"));
        }

        return text.ToString();
    }

    /// <summary>
    /// Per client (or one) over <c>[from, to)</c>: entries by action and purpose with their counts and distinct persons,
    /// and each client's distinct persons overall.
    /// </summary>
    public async Task<JsonObject> AccessSummaryAsync(string? client, DateTimeOffset from, DateTimeOffset to, ReportReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var groups = await audit.SummarizeAsync(client, from, to, cancellationToken);
        var subjects = await audit.CountDistinctSubjectsAsync(client, from, to, cancellationToken);

        await audit.AppendAsync(new AuditEvent("report.access-summary", reader.Actor, reader.Purpose, RequestId: reader.RequestId,
            Detail: JsonSerializer.Serialize(new { client, from = Time(from), to = Time(to) })), cancellationToken);

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

        return new JsonObject { ["from"] = Time(from), ["to"] = Time(to), ["client"] = client, ["clients"] = clients };
    }

    /// <summary>The access summary as CSV, one row per client, action and purpose.</summary>
    public static string AccessSummaryCsv(JsonObject summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var text = new CsvText("client", "action", "purpose", "count", "distinct_subjects", "from", "to");
        foreach (var c in summary["clients"]!.AsArray().Select(n => n!.AsObject()))
        {
            foreach (var g in c["groups"]!.AsArray().Select(n => n!.AsObject()))
            {
                text.Row(S(c, "client"), S(g, "action"), S(g, "purpose"), N(g, "count"), N(g, "distinctSubjects"), S(summary, "from"), S(summary, "to"));
            }
        }

        return text.ToString();
    }

    private Task<GoldenRecord?> FindAsync(ReportSubject subject, CancellationToken cancellationToken) =>
        subject.Nik is { } nik
            ? database.MasterIndex.FindPersonByNikAsync(nik, cancellationToken)
            : subject.PersonId is { } id ? database.Identity.FindPersonAsync(id, cancellationToken) : Task.FromResult<GoldenRecord?>(null);

    /// <summary>Why this value survived: a manual override, or the trust of the sources holding the person for this field, then recency.</summary>
    private string Survivorship(string path, Provenance p, IReadOnlyList<string> sources)
    {
        if (p.Source == "override")
        {
            return $"manual override by {p.SourceKey}: {p.Rule}";
        }

        var trust = string.Join(", ", sources.Select(s => $"{s} {policy.TrustOf(s, path).ToString(CultureInfo.InvariantCulture)}"));
        return $"highest source trust for {path} ({trust}), then the most recent record";
    }

    private static string? S(JsonObject o, string name) => o[name] is JsonValue v ? v.ToString() : null;

    private static string? N(JsonObject o, string name) => o[name] is JsonValue v ? v.ToJsonString() : null;

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
}
