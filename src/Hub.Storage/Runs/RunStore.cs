using System.Data.Common;
using Dapper;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Runs;

/// <summary>
/// Runs and connectors as the scheduler keeps them, on SQLite or PostgreSQL. The connector lease is a row in
/// <c>connector_state</c> taken with one conditional UPDATE: it is free when nobody holds it or the holder's
/// lease expired, so at most one run of a connector holds it at a time, whichever node asks. A running run
/// renews it with its heartbeat; a node that dies stops renewing and its lease runs out.
/// </summary>
public sealed class RunStore
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly SqlDialect _dialect;

    internal RunStore(HubDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _dialect = database.Dialect;
    }

    /// <summary>
    /// Queues a run of a connector when its lease is free: takes the lease for the new run and inserts the run as
    /// <see cref="RunStatus.Queued"/>, in one transaction. Otherwise returns the run that holds the lease.
    /// </summary>
    public async Task<RunRequest> TryQueueAsync(string connector, string node, string trigger, DateTimeOffset? scheduledFor, Guid? retryOf, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connector);
        var now = _time.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EnsureStateAsync(connection, transaction, connector, cancellationToken);
        var taken = await connection.ExecuteAsync(new CommandDefinition(
            Sql.TakeLease,
            new { Source = connector, RunId = _dialect.Id(runId), Node = node, Expires = _dialect.Time(now + lease), Now = _dialect.Time(now) },
            transaction,
            cancellationToken: cancellationToken));
        if (taken == 0)
        {
            var holder = await connection.ExecuteScalarAsync<object>(new CommandDefinition(Sql.LeaseHolder, new { Source = connector }, transaction, cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            return new RunRequest(null, holder is null or DBNull ? null : SqlDialect.ReadId(holder));
        }

        await connection.ExecuteAsync(new CommandDefinition(
            Sql.InsertQueued,
            new
            {
                RunId = _dialect.Id(runId),
                Source = connector,
                Status = nameof(RunStatus.Queued),
                Now = _dialect.Time(now),
                Trigger = trigger,
                ScheduledFor = _dialect.Time(scheduledFor),
                RetryOf = retryOf is { } r ? _dialect.Id(r) : null,
                Node = node,
            },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new RunRequest(runId, null);
    }

    /// <summary>
    /// Records a scheduled fire that did not run because another run held the connector, as a cancelled run
    /// with the reason, so that every fire time is accounted for in the runs table.
    /// </summary>
    public async Task<Guid> RecordSkippedAsync(string connector, string node, DateTimeOffset? scheduledFor, string reason, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.InsertSkipped,
            new
            {
                RunId = _dialect.Id(runId),
                Source = connector,
                Status = nameof(RunStatus.Cancelled),
                Now = _dialect.Time(now),
                Trigger = RunTriggers.Schedule,
                ScheduledFor = _dialect.Time(scheduledFor),
                Node = node,
                Error = reason,
            },
            cancellationToken: cancellationToken));
        return runId;
    }

    /// <summary>Moves a queued run to running on this node; false when it is not queued any more (taken over, or already run).</summary>
    public async Task<bool> TryStartAsync(Guid runId, string node, string? location, CancellationToken cancellationToken)
    {
        var now = _dialect.Time(_time.GetUtcNow());
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            Sql.StartQueued,
            new { RunId = _dialect.Id(runId), Node = node, Location = location, Now = now, Queued = nameof(RunStatus.Queued), Running = nameof(RunStatus.Running) },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>
    /// Says the run is alive: renews its heartbeat and its connector's lease (only while the run still holds it),
    /// and records when its last batch committed. False when the run no longer holds the lease.
    /// </summary>
    public async Task<bool> HeartbeatAsync(Guid runId, string connector, DateTimeOffset? lastBatchAt, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.Heartbeat,
            new { RunId = _dialect.Id(runId), Now = _dialect.Time(now), LastBatchAt = _dialect.Time(lastBatchAt) },
            cancellationToken: cancellationToken));
        return await connection.ExecuteAsync(new CommandDefinition(
            Sql.RenewLease,
            new { Source = connector, RunId = _dialect.Id(runId), Expires = _dialect.Time(now + lease) },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records how a run that never reached the ingest ended (refused, or failed before reading).</summary>
    public async Task FinishAsync(Guid runId, RunStatus status, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.Finish,
            new { RunId = _dialect.Id(runId), Status = status.ToString(), Now = _dialect.Time(_time.GetUtcNow()), Error = error, Queued = nameof(RunStatus.Queued), Running = nameof(RunStatus.Running) },
            cancellationToken: cancellationToken));
    }

    /// <summary>Gives the connector's lease back, if this run still holds it.</summary>
    public async Task ReleaseLeaseAsync(string connector, Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql.ReleaseLease, new { Source = connector, RunId = _dialect.Id(runId) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Finds runs whose node stopped heartbeating for longer than <paramref name="timeout"/> and marks each failed
    /// as abandoned, freeing its lease. Returns only the runs this call marked, so of several nodes sweeping at
    /// once exactly one takes each abandoned run over.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> ReclaimAbandonedAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var cutoff = _dialect.Time(now - timeout);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var candidates = (await connection.QueryAsync<RunRow>(new CommandDefinition(
            Sql.SelectRuns + " WHERE status IN (@Queued, @Running) AND heartbeat_at IS NOT NULL AND heartbeat_at < @Cutoff",
            new { Cutoff = cutoff, Queued = nameof(RunStatus.Queued), Running = nameof(RunStatus.Running) },
            cancellationToken: cancellationToken))).Select(ToRecord).ToList();
        var reclaimed = new List<RunRecord>();
        foreach (var run in candidates)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var marked = await connection.ExecuteAsync(new CommandDefinition(
                Sql.MarkAbandoned,
                new
                {
                    RunId = _dialect.Id(run.RunId),
                    Cutoff = cutoff,
                    Now = _dialect.Time(now),
                    Error = $"abandoned: node {run.Node ?? "?"} stopped heartbeating; taken over from the last committed cursor",
                    Failed = nameof(RunStatus.Failed),
                    Queued = nameof(RunStatus.Queued),
                    Running = nameof(RunStatus.Running),
                },
                transaction,
                cancellationToken: cancellationToken));
            if (marked == 1)
            {
                await connection.ExecuteAsync(new CommandDefinition(Sql.ReleaseLease, new { Source = run.Connector, RunId = _dialect.Id(run.RunId) }, transaction, cancellationToken: cancellationToken));
                reclaimed.Add(run);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return reclaimed;
    }

    /// <summary>One run, or null.</summary>
    public async Task<RunRecord?> FindAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(Sql.SelectRuns + " WHERE run_id = @RunId", new { RunId = _dialect.Id(runId) }, cancellationToken: cancellationToken));
        return row is null ? null : ToRecord(row);
    }

    /// <summary>The newest runs first, optionally of one connector and/or in one status.</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAsync(string? connector, RunStatus? status, int limit, CancellationToken cancellationToken)
    {
        var where = new List<string>();
        if (connector is not null)
        {
            where.Add("source = @Source");
        }

        if (status is not null)
        {
            where.Add("status = @Status");
        }

        var sql = Sql.SelectRuns + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY started_at DESC, run_id DESC LIMIT @Limit";
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<RunRow>(new CommandDefinition(sql, new { Source = connector, Status = status?.ToString(), Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(ToRecord).ToList();
    }

    /// <summary>Every connector that has state (paused, or ever leased).</summary>
    public async Task<IReadOnlyDictionary<string, ConnectorState>> ListConnectorStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StateRow>(new CommandDefinition(Sql.SelectStates, cancellationToken: cancellationToken));
        return rows.ToDictionary(
            r => r.source,
            r => new ConnectorState(r.source, r.paused != 0, SqlDialect.ReadNullableTime(r.paused_at), r.lease_run_id is null or DBNull ? null : SqlDialect.ReadId(r.lease_run_id), r.lease_node, SqlDialect.ReadNullableTime(r.lease_expires_at)),
            StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Whether a connector is paused (a connector never paused is not).</summary>
    public async Task<bool> IsPausedAsync(string connector, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT paused FROM connector_state WHERE source = @Source", new { Source = connector }, cancellationToken: cancellationToken)) is 1;
    }

    /// <summary>Pauses or resumes a connector's schedule; persisted, so it survives restarts and holds on every node.</summary>
    public async Task SetPausedAsync(string connector, bool paused, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await EnsureStateAsync(connection, transaction, connector, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE connector_state SET paused = @Paused, paused_at = @At WHERE source = @Source",
            new { Source = connector, Paused = paused ? 1 : 0, At = paused ? _dialect.Time(_time.GetUtcNow()) : null },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Quarantined rows, newest first, filtered by source, reason and run.</summary>
    public async Task<IReadOnlyList<QuarantineEntry>> ListQuarantineAsync(string? source, string? reason, Guid? runId, string status, int limit, CancellationToken cancellationToken)
    {
        var where = new List<string> { "status = @Status" };
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

        var sql = $"""
            SELECT quarantine_id, run_id, source, location, line, reason, field, message, raw_record, status, created_at
              FROM quarantine WHERE {string.Join(" AND ", where)} ORDER BY quarantine_id DESC LIMIT @Limit
            """;
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<QuarantineRow>(new CommandDefinition(
            sql,
            new { Status = status, Source = source, Reason = reason, RunId = runId is { } r ? _dialect.Id(r) : null, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.Select(q => new QuarantineEntry(q.quarantine_id, SqlDialect.ReadId(q.run_id), q.source, q.location, q.line, q.reason, q.field, q.message, q.raw_record, q.status, SqlDialect.ReadTime(q.created_at))).ToList();
    }

    private static async Task EnsureStateAsync(DbConnection connection, DbTransaction transaction, string connector, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(Sql.EnsureState, new { Source = connector }, transaction, cancellationToken: cancellationToken));

    private static RunRecord ToRecord(RunRow r) => new(
        SqlDialect.ReadId(r.run_id),
        r.source,
        Enum.Parse<RunStatus>(r.status),
        new RunCounts(r.accepted_count, r.unchanged_count, r.quarantined_count),
        SqlDialect.ReadTime(r.started_at),
        SqlDialect.ReadNullableTime(r.finished_at),
        r.error,
        r.location,
        r.trigger_kind,
        SqlDialect.ReadNullableTime(r.scheduled_for),
        r.retry_of is null or DBNull ? null : SqlDialect.ReadId(r.retry_of),
        r.node,
        SqlDialect.ReadNullableTime(r.heartbeat_at),
        SqlDialect.ReadNullableTime(r.last_batch_at));

#pragma warning disable IDE1006, CA1812 // Dapper maps the snake_case columns onto these.
    private sealed class RunRow
    {
        public object run_id { get; set; } = default!;

        public string source { get; set; } = "";

        public string? location { get; set; }

        public string status { get; set; } = "";

        public long accepted_count { get; set; }

        public long unchanged_count { get; set; }

        public long quarantined_count { get; set; }

        public object started_at { get; set; } = default!;

        public object? finished_at { get; set; }

        public string? error { get; set; }

        public string? trigger_kind { get; set; }

        public object? scheduled_for { get; set; }

        public object? retry_of { get; set; }

        public string? node { get; set; }

        public object? heartbeat_at { get; set; }

        public object? last_batch_at { get; set; }
    }

    private sealed class StateRow
    {
        public string source { get; set; } = "";

        public long paused { get; set; }

        public object? paused_at { get; set; }

        public object? lease_run_id { get; set; }

        public string? lease_node { get; set; }

        public object? lease_expires_at { get; set; }
    }

    private sealed class QuarantineRow
    {
        public long quarantine_id { get; set; }

        public object run_id { get; set; } = default!;

        public string source { get; set; } = "";

        public string? location { get; set; }

        public long? line { get; set; }

        public string reason { get; set; } = "";

        public string? field { get; set; }

        public string message { get; set; } = "";

        public string? raw_record { get; set; }

        public string status { get; set; } = "";

        public object created_at { get; set; } = default!;
    }
#pragma warning restore IDE1006, CA1812

    private static class Sql
    {
        public const string EnsureState = "INSERT INTO connector_state (source, paused) VALUES (@Source, 0) ON CONFLICT (source) DO NOTHING";

        // Free when nobody holds it or the holder's lease ran out. On PostgreSQL a concurrent taker waits for the
        // row lock and re-checks the condition against the committed row; SQLite has one writer at a time.
        public const string TakeLease = """
            UPDATE connector_state SET lease_run_id = @RunId, lease_node = @Node, lease_expires_at = @Expires
             WHERE source = @Source AND (lease_run_id IS NULL OR lease_expires_at < @Now)
            """;

        public const string LeaseHolder = "SELECT lease_run_id FROM connector_state WHERE source = @Source";

        public const string RenewLease = "UPDATE connector_state SET lease_expires_at = @Expires WHERE source = @Source AND lease_run_id = @RunId";

        public const string ReleaseLease = "UPDATE connector_state SET lease_run_id = NULL, lease_node = NULL, lease_expires_at = NULL WHERE source = @Source AND lease_run_id = @RunId";

        public const string InsertQueued = """
            INSERT INTO ingest_run (run_id, source, status, started_at, trigger_kind, scheduled_for, retry_of, node, heartbeat_at)
            VALUES (@RunId, @Source, @Status, @Now, @Trigger, @ScheduledFor, @RetryOf, @Node, @Now)
            """;

        public const string InsertSkipped = """
            INSERT INTO ingest_run (run_id, source, status, started_at, finished_at, error, trigger_kind, scheduled_for, node)
            VALUES (@RunId, @Source, @Status, @Now, @Now, @Error, @Trigger, @ScheduledFor, @Node)
            """;

        public const string StartQueued = """
            UPDATE ingest_run SET status = @Running, node = @Node, location = COALESCE(@Location, location), started_at = @Now, heartbeat_at = @Now
             WHERE run_id = @RunId AND status = @Queued
            """;

        public const string Heartbeat = "UPDATE ingest_run SET heartbeat_at = @Now, last_batch_at = COALESCE(@LastBatchAt, last_batch_at) WHERE run_id = @RunId";

        public const string Finish = """
            UPDATE ingest_run SET status = @Status, finished_at = @Now, error = @Error
             WHERE run_id = @RunId AND status IN (@Queued, @Running)
            """;

        public const string MarkAbandoned = """
            UPDATE ingest_run SET status = @Failed, finished_at = @Now, error = @Error
             WHERE run_id = @RunId AND status IN (@Queued, @Running) AND heartbeat_at < @Cutoff
            """;

        public const string SelectRuns = """
            SELECT run_id, source, location, status, accepted_count, unchanged_count, quarantined_count, started_at, finished_at, error,
                   trigger_kind, scheduled_for, retry_of, node, heartbeat_at, last_batch_at
              FROM ingest_run
            """;

        public const string SelectStates = "SELECT source, paused, paused_at, lease_run_id, lease_node, lease_expires_at FROM connector_state";
    }
}
