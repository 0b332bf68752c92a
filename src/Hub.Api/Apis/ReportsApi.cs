using System.Globalization;
using IntegrationHub.Core.Identity;
using IntegrationHub.Worker.Reports;
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
        HttpContext http, string? nik, string? personId, string? format, string? purpose, AuditReports reports, CancellationToken cancellationToken)
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

        // Reading personal data for an audit is itself an access: it names its purpose (UU PDP), and the purpose is recorded.
        if (Reader(http, purpose) is not { Purpose: { Length: > 0 } } reader)
        {
            return Invalid("purpose is required: send the X-Purpose header or the purpose parameter (e.g. pdp-audit).");
        }

        var report = await reports.LineageAsync(subject.Value!, reader, cancellationToken);
        if (report is null)
        {
            return TypedResults.Problem(title: "Person not found", detail: "No person with that NIK or id is in the master index.",
                statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:person-not-found");
        }

        return csv ? Csv(AuditReports.LineageCsv(report), $"lineage-{report["personId"]}.csv") : TypedResults.Json(report);
    }

    /// <summary>
    /// Who accessed a person's data (by <c>nik</c> or <c>personId</c>), when, for what purpose and which fields: every
    /// audit entry naming the person, oldest first, optionally within <c>from</c>..<c>to</c>. Answers a data subject's request.
    /// </summary>
    public static async Task<IResult> AccessAsync(
        HttpContext http, string? nik, string? personId, string? from, string? to, string? format, string? purpose, AuditReports reports, CancellationToken cancellationToken)
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

        var period = ParsePeriod(from, to, null);
        if (period.Problem is { } periodProblem)
        {
            return periodProblem;
        }

        // Reading personal data for an audit is itself an access: it names its purpose (UU PDP), and the purpose is recorded.
        if (Reader(http, purpose) is not { Purpose: { Length: > 0 } } reader)
        {
            return Invalid("purpose is required: send the X-Purpose header or the purpose parameter (e.g. pdp-audit).");
        }

        var report = await reports.AccessAsync(subject.Value!, period.From, period.To, reader, cancellationToken);
        return csv ? Csv(AuditReports.AccessCsv(report), "access.csv") : TypedResults.Json(report);
    }

    /// <summary>
    /// Per client (or one, <c>client</c>) over <c>from</c>..<c>to</c> (default: the last 30 days): entries by action
    /// and purpose with their counts and distinct persons, and each client's distinct persons overall.
    /// </summary>
    public static async Task<IResult> AccessSummaryAsync(
        HttpContext http, string? client, string? from, string? to, string? format, string? purpose, AuditReports reports, TimeProvider time, CancellationToken cancellationToken)
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

        // Reading personal data for an audit is itself an access: it names its purpose (UU PDP), and the purpose is recorded.
        if (Reader(http, purpose) is not { Purpose: { Length: > 0 } } reader)
        {
            return Invalid("purpose is required: send the X-Purpose header or the purpose parameter (e.g. pdp-audit).");
        }

        var report = await reports.AccessSummaryAsync(client, period.From!.Value, period.To!.Value, reader, cancellationToken);
        return csv ? Csv(AuditReports.AccessSummaryCsv(report), "access-summary.csv") : TypedResults.Json(report);
    }

    private static ReportReader Reader(HttpContext http, string? purpose) =>
        new(Access.HubPrincipal.ClientId(http.User) ?? "anonymous", http.Request.Headers["X-Purpose"].FirstOrDefault() is { Length: > 0 } header ? header : purpose, http.TraceIdentifier);

    private sealed record Subject(ReportSubject? Value, IResult? Problem);

    private sealed record Period(DateTimeOffset? From, DateTimeOffset? To, IResult? Problem);

    private static Subject ParseSubject(string? nik, string? personId)
    {
        if (string.IsNullOrWhiteSpace(nik) == string.IsNullOrWhiteSpace(personId))
        {
            return new(null, Invalid("Give exactly one of nik and personId."));
        }

        if (!string.IsNullOrWhiteSpace(nik))
        {
            var parsed = Nik.Parse(nik);
            return parsed.Success
                ? new(new ReportSubject(parsed.Value, null), null)
                : new(null, TypedResults.Problem(title: "Malformed NIK", detail: parsed.Message, statusCode: StatusCodes.Status400BadRequest,
                    type: "urn:integrationhub:problem:nik-malformed", extensions: new Dictionary<string, object?> { ["reason"] = "nik." + parsed.Error }));
        }

        return Guid.TryParse(personId, CultureInfo.InvariantCulture, out var id)
            ? new(new ReportSubject(null, id), null)
            : new(null, Invalid("personId must be a person id (a GUID)."));
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

    private static FileContentHttpResult Csv(string text, string fileName) =>
        TypedResults.File(System.Text.Encoding.UTF8.GetBytes(text), CsvMediaType + "; charset=utf-8", fileName);

    private static ProblemHttpResult BadFormat() => Invalid("format must be json or csv.");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
