using Dapper;
using IntegrationHub.Core.Audit;

namespace IntegrationHub.Storage.Audit;

/// <summary>One group of a client's accesses over a period: how many, and how many distinct persons.</summary>
public sealed record AuditAccessGroup(string Actor, string Action, string? Purpose, long Count, long DistinctSubjects);

/// <summary>The audit log's reads for auditors' reports.</summary>
public sealed partial class AuditStore
{
    /// <summary>
    /// The entries that concern a person: those naming the NIK or the person id (either may be null), oldest first,
    /// at most <paramref name="limit"/>.
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListBySubjectAsync(string? nik, Guid? personId, DateTimeOffset? from, DateTimeOffset? to, int limit, CancellationToken cancellationToken)
    {
        if (nik is null && personId is null)
        {
            return [];
        }

        // Only the conditions given are written (no "@x IS NULL"): PostgreSQL cannot type an untyped null parameter.
        var halves = new List<string>();
        var parameters = new DynamicParameters();
        if (nik is not null)
        {
            halves.Add("SELECT * FROM audit_entry WHERE subject_nik = @Nik");
            parameters.Add("Nik", nik);
        }

        if (personId is { } id)
        {
            halves.Add("SELECT * FROM audit_entry WHERE subject_person_id = @Person");
            parameters.Add("Person", _database.Dialect.Id(id));
        }

        var where = new List<string>();
        if (from is { } f)
        {
            where.Add("at >= @From");
            parameters.Add("From", Time(f));
        }

        if (to is { } t)
        {
            where.Add("at < @To");
            parameters.Add("To", Time(t));
        }

        parameters.Add("Limit", limit);
        var sql = ReportSql.EntryColumns + " FROM (" + string.Join(" UNION ", halves) + ") s"
            + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")
            + " ORDER BY seq LIMIT @Limit";
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(ReadEntry(reader));
        }

        return entries;
    }

    /// <summary>
    /// Entries between <paramref name="from"/> (inclusive) and <paramref name="to"/> (exclusive), by actor (one
    /// client, or all when null), action and purpose: counts and distinct persons.
    /// </summary>
    public async Task<IReadOnlyList<AuditAccessGroup>> SummarizeAsync(string? actor, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<GroupRow>(new CommandDefinition(
            ReportSql.Summary.Replace("/**actor**/", actor is null ? "" : "AND actor = @Actor", StringComparison.Ordinal), new { Actor = actor, From = Time(from), To = Time(to) }, cancellationToken: cancellationToken));
        return rows.Select(r => new AuditAccessGroup(r.actor, r.action, r.purpose, r.entries, r.subjects)).ToList();
    }

    /// <summary>Distinct persons each actor's entries named in the period (a person counted once per actor across actions).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountDistinctSubjectsAsync(string? actor, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Actor, long Subjects)>(new CommandDefinition(
            ReportSql.DistinctSubjects.Replace("/**actor**/", actor is null ? "" : "AND actor = @Actor", StringComparison.Ordinal), new { Actor = actor, From = Time(from), To = Time(to) }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Actor, r => r.Subjects, StringComparer.Ordinal);
    }

    private sealed class GroupRow
    {
        public string actor { get; set; } = "";

        public string action { get; set; } = "";

        public string? purpose { get; set; }

        public long entries { get; set; }

        public long subjects { get; set; }
    }

    private static class ReportSql
    {
        // Both halves of the union use their partial index; UNION removes an entry naming both the NIK and the person.
        public const string EntryColumns = "SELECT seq, at, action, actor, purpose, subject_nik, subject_person_id, fields, request_id, detail, prev_hash, hash";

        // A person is the NIK when the entry names one, else the person id.
        public const string Summary = """
            SELECT actor, action, purpose, COUNT(*) AS entries,
                   COUNT(DISTINCT COALESCE(subject_nik, CAST(subject_person_id AS TEXT))) AS subjects
              FROM audit_entry
             WHERE at >= @From AND at < @To /**actor**/
             GROUP BY actor, action, purpose
             ORDER BY actor, action, purpose
            """;

        public const string DistinctSubjects = """
            SELECT actor AS Actor, COUNT(DISTINCT COALESCE(subject_nik, CAST(subject_person_id AS TEXT))) AS Subjects
              FROM audit_entry
             WHERE at >= @From AND at < @To /**actor**/
             GROUP BY actor
            """;
    }
}
