using System.Data.Common;
using System.Diagnostics;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

/// <summary>The master index on SQLite or PostgreSQL. SQL that differs between the two is chosen by dialect.</summary>
internal sealed partial class MasterIndexStore : IMasterIndexStore, IIdentityStore
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly SqlDialect _dialect;

    private readonly Lazy<IdentityResolver> _resolver;

    public MasterIndexStore(HubDatabase database, TimeProvider time, MatchEngine? matcher)
    {
        _database = database;
        _resolver = new Lazy<IdentityResolver>(() => new IdentityResolver(matcher ?? new MatchEngine(MatchModel.LoadDefault())));
        _time = time;
        _dialect = database.Dialect;
    }

    public async Task<IngestRun> StartRunAsync(string source, string? location, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        var run = new IngestRun(Guid.CreateVersion7(_time.GetUtcNow()), source, location, RunStatus.Running, default, _time.GetUtcNow(), null, null);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.InsertRun,
            new { RunId = _dialect.Id(run.RunId), run.Source, run.Location, Status = run.Status.ToString(), StartedAt = _dialect.Time(run.StartedAt) },
            cancellationToken: cancellationToken));
        return run;
    }

    public async Task<BatchResult> ApplyBatchAsync(
        Guid runId,
        IReadOnlyList<SourceRecord> records,
        IReadOnlyList<QuarantinedRow> quarantined,
        SurvivorshipPolicy policy,
        CancellationToken cancellationToken,
        CursorCommit? cursor = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(quarantined);
        ArgumentNullException.ThrowIfNull(policy);
        var start = Stopwatch.GetTimestamp();
        var clock = new BatchPhaseClock();
        var now = _time.GetUtcNow();
        var run = _dialect.Id(runId);
        long accepted, unchanged, linked, reviewed, created;

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var changes = new BatchChanges();
        var counts = await ResolveBatchAsync(connection, transaction, records, runId, now, policy, changes, clock, cancellationToken);
        accepted = counts.Accepted;
        unchanged = counts.Unchanged;
        linked = counts.Linked;
        reviewed = counts.Reviewed;
        created = counts.Created;
        var events = Stopwatch.GetTimestamp();
        await AppendBatchChangesAsync(connection, transaction, changes, now, cancellationToken);
        clock.Events += BatchPhaseClock.Since(events);

        long alreadyQuarantined = 0;
        foreach (var row in quarantined)
        {
            var rawHash = RawHash(row);
            var open = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                Sql.CountOpenQuarantine, new { row.Source, RawHash = rawHash }, transaction, cancellationToken: cancellationToken));
            if (open > 0)
            {
                alreadyQuarantined++;
                continue;
            }

            await connection.ExecuteAsync(new CommandDefinition(
                Sql.InsertQuarantine,
                new { RunId = run, row.Source, row.Location, row.Line, row.Reason, row.Field, row.Message, row.RawRecord, RawHash = rawHash, CreatedAt = _dialect.Time(now), FieldsJson = Quarantine.QuarantineFields.Serialize(row.Fields) },
                transaction,
                cancellationToken: cancellationToken));
        }

        if (cursor is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.UpsertCursor,
                new { cursor.Source, cursor.Feed, cursor.Cursor, RunId = run, UpdatedAt = _dialect.Time(now) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            Sql.AddRunCounts,
            new { RunId = run, Accepted = accepted, Unchanged = unchanged + alreadyQuarantined, Quarantined = quarantined.Count - alreadyQuarantined },
            transaction,
            cancellationToken: cancellationToken));
        events = Stopwatch.GetTimestamp();
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        clock.Events += BatchPhaseClock.Since(events);
        await transaction.CommitAsync(cancellationToken);

        // Writing is the rest: the rows flushed (but golden fields and events), quarantine, cursor, counters, commit.
        var total = BatchPhaseClock.Since(start);
        return new BatchResult(accepted, unchanged + alreadyQuarantined, quarantined.Count - alreadyQuarantined, alreadyQuarantined)
        {
            Linked = linked,
            Reviewed = reviewed,
            Created = created,
            Phases = new IngestPhaseTimes(0, 0, 0, clock.Match, total - clock.Match - clock.Lineage - clock.Events, clock.Lineage, clock.Events),
        };
    }

    public async Task<string?> GetCursorAsync(string source, string feed, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(Sql.GetCursor, new { Source = source, Feed = feed }, cancellationToken: cancellationToken));
    }

    public async Task FinishRunAsync(Guid runId, RunStatus status, string? errorMessage, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.FinishRun,
            new { RunId = _dialect.Id(runId), Status = status.ToString(), FinishedAt = _dialect.Time(_time.GetUtcNow()), Error = errorMessage },
            cancellationToken: cancellationToken));
    }

    public async Task<IngestRun?> FindRunAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(Sql.FindRun, new { RunId = _dialect.Id(runId) }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new IngestRun(
                SqlDialect.ReadId(row.run_id),
                row.source,
                row.location,
                Enum.Parse<RunStatus>(row.status),
                new RunCounts(row.accepted_count, row.unchanged_count, row.quarantined_count),
                SqlDialect.ReadTime(row.started_at),
                SqlDialect.ReadNullableTime(row.finished_at),
                row.error);
    }

    public async Task<IReadOnlyList<QuarantinedRow>> ListQuarantineAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<QuarantineRow>(new CommandDefinition(Sql.ListQuarantine, new { RunId = _dialect.Id(runId) }, cancellationToken: cancellationToken));
        return rows.Select(r => new QuarantinedRow(r.source, r.location, r.line, r.reason, r.field, r.message, r.raw_record)).ToList();
    }

    public async Task<GoldenRecord?> FindPersonByNikAsync(Nik nik, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<object>(new CommandDefinition(Sql.FindPersonIdByNik, new { Nik = nik.Value }, cancellationToken: cancellationToken));
        if (id is null or DBNull)
        {
            return null;
        }

        // A person merged into another answers with the survivor.
        var personId = await FollowMergesAsync(connection, null, SqlDialect.ReadId(id), cancellationToken);
        return await LoadGoldenAsync(connection, null, personId, cancellationToken);
    }

    private async Task<GoldenRecord?> LoadGoldenAsync(DbConnection connection, DbTransaction? transaction, Guid personId, CancellationToken cancellationToken)
    {
        var person = await connection.QuerySingleOrDefaultAsync<PersonRow>(new CommandDefinition(
            Sql.FindPersonById, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        if (person is null)
        {
            return null;
        }

        var fields = await LoadFieldsAsync(connection, transaction, personId, cancellationToken);
        return new GoldenRecord(personId, person.nik, fields, person.version, SqlDialect.ReadTime(person.created_at), SqlDialect.ReadTime(person.updated_at));
    }

    public async Task<long> CountPersonsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM person", cancellationToken: cancellationToken));
    }

    // Identifies a bad row by what it says, not where it was: the same file read again, or the row moved to
    // another line, is the same problem.
    private static string RawHash(QuarantinedRow row) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{row.Source}\u001f{row.Reason}\u001f{row.RawRecord}")));

    private async Task<IReadOnlyDictionary<string, GoldenValue>> LoadFieldsAsync(DbConnection connection, DbTransaction? transaction, Guid personId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<FieldRow>(new CommandDefinition(
            Sql.PersonFields, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(
            r => r.field,
            r => new GoldenValue(r.value, new Provenance(r.source, r.source_key, SqlDialect.ReadId(r.run_id), r.location, r.line, SqlDialect.ReadTime(r.received_at), r.rule, r.source_record_id, r.decision_id)),
            StringComparer.Ordinal);
    }

    // Row shapes as the databases return them; ids and times arrive as text (SQLite) or typed (PostgreSQL).
#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class RunRow
    {
        public object run_id { get; set; } = default!;

        public string source { get; set; } = default!;

        public string? location { get; set; }

        public string status { get; set; } = default!;

        public long accepted_count { get; set; }

        public long unchanged_count { get; set; }

        public long quarantined_count { get; set; }

        public object started_at { get; set; } = default!;

        public object? finished_at { get; set; }

        public string? error { get; set; }
    }

    private sealed class QuarantineRow
    {
        public long quarantine_id { get; set; }

        public string source { get; set; } = default!;

        public string? location { get; set; }

        public long? line { get; set; }

        public string reason { get; set; } = default!;

        public string? field { get; set; }

        public string message { get; set; } = default!;

        public string? raw_record { get; set; }
    }

    private sealed class PersonRow
    {
        public object person_id { get; set; } = default!;

        public string? nik { get; set; }

        public long version { get; set; }

        public object created_at { get; set; } = default!;

        public object updated_at { get; set; } = default!;
    }

    private sealed class FieldRow
    {
        public string field { get; set; } = default!;

        public string value { get; set; } = default!;

        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public long? source_record_id { get; set; }

        public object run_id { get; set; } = default!;

        public string? location { get; set; }

        public long? line { get; set; }

        public object received_at { get; set; } = default!;

        public string? rule { get; set; }

        public long? decision_id { get; set; }
    }
#pragma warning restore IDE1006, CA1812

    private static class Sql
    {
        public const string InsertRun = """
            INSERT INTO ingest_run (run_id, source, location, status, started_at)
            VALUES (@RunId, @Source, @Location, @Status, @StartedAt)
            """;

        public const string AddRunCounts = """
            UPDATE ingest_run
               SET accepted_count = accepted_count + @Accepted,
                   unchanged_count = unchanged_count + @Unchanged,
                   quarantined_count = quarantined_count + @Quarantined
             WHERE run_id = @RunId
            """;

        public const string FinishRun = "UPDATE ingest_run SET status = @Status, finished_at = @FinishedAt, error = @Error WHERE run_id = @RunId";

        public const string FindRun = """
            SELECT run_id, source, location, status, accepted_count, unchanged_count, quarantined_count, started_at, finished_at, error
              FROM ingest_run WHERE run_id = @RunId
            """;

        public const string FindPersonIdByNik = "SELECT person_id FROM person WHERE nik = @Nik";

        public const string FindPersonById = "SELECT person_id, nik, version, created_at, updated_at FROM person WHERE person_id = @PersonId";

        public const string InsertPerson = """
            INSERT INTO person (person_id, nik, version, created_at, updated_at)
            VALUES (@PersonId, @Nik, 1, @CreatedAt, @CreatedAt)
            """;

        public const string TouchPerson = "UPDATE person SET version = version + 1, updated_at = @UpdatedAt WHERE person_id = @PersonId";

        public const string PersonFields = """
            SELECT field, value, source, source_key, source_record_id, run_id, location, line, received_at, rule, decision_id
              FROM person_field WHERE person_id = @PersonId
            """;

        public const string UpsertPersonField = """
            INSERT INTO person_field (person_id, field, value, source, source_key, source_record_id, run_id, location, line, received_at, rule, decision_id)
            VALUES (@PersonId, @Field, @Value, @Source, @SourceKey, @SourceRecordId, @RunId, @Location, @Line, @ReceivedAt, @Rule, @DecisionId)
            ON CONFLICT (person_id, field) DO UPDATE
               SET value = excluded.value, source = excluded.source, source_key = excluded.source_key,
                   source_record_id = excluded.source_record_id, run_id = excluded.run_id, location = excluded.location,
                   line = excluded.line, received_at = excluded.received_at, rule = excluded.rule, decision_id = excluded.decision_id
            """;

        public const string InsertQuarantine = """
            INSERT INTO quarantine (run_id, source, location, line, reason, field, message, raw_record, raw_hash, created_at, fields_json)
            VALUES (@RunId, @Source, @Location, @Line, @Reason, @Field, @Message, @RawRecord, @RawHash, @CreatedAt, @FieldsJson)
            """;

        public const string CountOpenQuarantine = "SELECT COUNT(*) FROM quarantine WHERE source = @Source AND raw_hash = @RawHash AND status = 'open'";

        public const string UpsertCursor = """
            INSERT INTO source_cursor (source, feed, cursor, run_id, updated_at)
            VALUES (@Source, @Feed, @Cursor, @RunId, @UpdatedAt)
            ON CONFLICT (source, feed) DO UPDATE
               SET cursor = excluded.cursor, run_id = excluded.run_id, updated_at = excluded.updated_at
            """;

        public const string GetCursor = "SELECT cursor FROM source_cursor WHERE source = @Source AND feed = @Feed";

        public const string ListQuarantine = """
            SELECT quarantine_id, source, location, line, reason, field, message, raw_record
              FROM quarantine WHERE run_id = @RunId ORDER BY quarantine_id
            """;
    }
}
