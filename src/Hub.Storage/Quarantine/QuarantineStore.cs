using Dapper;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Quarantine;

/// <summary>
/// The quarantine as re-processing needs it: one row with its stored fields, rows by filter, the record a row maps to
/// now applied in a run of its own with the row marked resolved (one transaction), and failed attempts recorded.
/// A row is never deleted.
/// </summary>
public sealed class QuarantineStore
{
    private readonly HubDatabase _database;
    private readonly MasterIndexStore _index;
    private readonly TimeProvider _time;
    private readonly SqlDialect _dialect;

    internal QuarantineStore(HubDatabase database, MasterIndexStore index, TimeProvider time)
    {
        _database = database;
        _index = index;
        _time = time;
        _dialect = database.Dialect;
    }

    /// <summary>The row with this id, or null.</summary>
    public async Task<QuarantineItem?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Sql.Select + " WHERE quarantine_id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row is null ? null : ToItem(row);
    }

    /// <summary>
    /// Rows newest first (oldest first with <paramref name="oldestFirst"/>), filtered by source, reason, run and status
    /// (<c>open</c>, <c>resolved</c>, or null for both).
    /// </summary>
    public async Task<IReadOnlyList<QuarantineItem>> ListAsync(string? source, string? reason, Guid? runId, string? status, int limit, CancellationToken cancellationToken, bool oldestFirst = false)
    {
        var where = new List<string>();
        if (status is not null)
        {
            where.Add("status = @Status");
        }

        if (source is not null)
        {
            where.Add("source = @Source");
        }

        if (reason is not null)
        {
            where.Add("reason = @Reason");
        }

        if (runId is not null)
        {
            where.Add("run_id = @RunId");
        }

        var sql = Sql.Select + (where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where)) + " ORDER BY quarantine_id " + (oldestFirst ? "ASC" : "DESC") + " LIMIT @Limit";
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            sql,
            new { Status = status, Source = source, Reason = reason, RunId = runId is { } r ? _dialect.Id(r) : null, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.Select(ToItem).ToList();
    }

    /// <summary>
    /// Applies the record row <paramref name="id"/> maps to now, in a new run of <paramref name="source"/> (trigger
    /// <c>reprocess</c>), through the same identity resolution, lineage and change events as any batch, and marks the
    /// row resolved by <paramref name="resolvedBy"/> with that run, all in one transaction. Null when the row is not
    /// open any more; then nothing is written.
    /// </summary>
    public Task<(Guid RunId, BatchResult Result)?> ResolveAsync(long id, string source, SourceRecord record, SurvivorshipPolicy policy, string resolvedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrWhiteSpace(resolvedBy);
        return _index.ResolveQuarantineAsync(id, source, record, policy, resolvedBy, cancellationToken);
    }

    /// <summary>Records a re-process attempt that failed again, with its reasons; the row stays open. False when it is not open.</summary>
    public async Task<bool> RecordFailedAttemptAsync(long id, IReadOnlyList<QuarantineReason> reasons, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition(
            Sql.RecordAttempt,
            new { Id = id, At = _dialect.Time(_time.GetUtcNow()), Reasons = QuarantineFields.SerializeReasons(reasons) },
            cancellationToken: cancellationToken));
        return updated == 1;
    }

    private static QuarantineItem ToItem(Row q) => new(
        q.quarantine_id,
        SqlDialect.ReadId(q.run_id),
        q.source,
        q.location,
        q.line,
        q.reason,
        q.field,
        q.message,
        q.raw_record,
        QuarantineFields.Deserialize(q.fields_json),
        q.status,
        SqlDialect.ReadTime(q.created_at),
        (int)q.attempts,
        SqlDialect.ReadNullableTime(q.last_attempt_at),
        QuarantineFields.DeserializeReasons(q.last_attempt_reasons),
        SqlDialect.ReadNullableTime(q.resolved_at),
        q.resolved_by,
        q.resolved_run_id is null or DBNull ? null : SqlDialect.ReadId(q.resolved_run_id));

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates this.
    private sealed class Row
    {
        public long quarantine_id { get; set; }

        public object run_id { get; set; } = default!;

        public string source { get; set; } = default!;

        public string? location { get; set; }

        public long? line { get; set; }

        public string reason { get; set; } = default!;

        public string? field { get; set; }

        public string message { get; set; } = default!;

        public string? raw_record { get; set; }

        public string? fields_json { get; set; }

        public string status { get; set; } = default!;

        public object created_at { get; set; } = default!;

        public long attempts { get; set; }

        public object? last_attempt_at { get; set; }

        public string? last_attempt_reasons { get; set; }

        public object? resolved_at { get; set; }

        public string? resolved_by { get; set; }

        public object? resolved_run_id { get; set; }
    }
#pragma warning restore IDE1006, CA1812

    private static class Sql
    {
        public const string Select = """
            SELECT quarantine_id, run_id, source, location, line, reason, field, message, raw_record, fields_json, status, created_at,
                   attempts, last_attempt_at, last_attempt_reasons, resolved_at, resolved_by, resolved_run_id
              FROM quarantine
            """;

        public const string RecordAttempt = """
            UPDATE quarantine SET attempts = attempts + 1, last_attempt_at = @At, last_attempt_reasons = @Reasons
             WHERE quarantine_id = @Id AND status = 'open'
            """;
    }
}
