using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Dapper;
using IntegrationHub.Core.Audit;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// The audit log on the hub's database. Appends go through a channel to one writer per process, which takes
/// whatever is waiting (up to <see cref="AuditStoreOptions.MaxBatch"/>) and commits it in one transaction: the chain
/// head is locked (PostgreSQL: <c>SELECT ... FOR UPDATE</c> on the one <c>audit_head</c> row, so writers on several
/// nodes extend one linear chain; SQLite: the write lock of <c>BEGIN IMMEDIATE</c>), the entries are hashed onto it
/// and inserted, the head is moved, and the transaction commits. Only then do the appends complete; when the commit
/// fails, every append of that batch fails and none is acknowledged.
/// </summary>
public sealed partial class AuditStore : IAuditLog, IAsyncDisposable
{
    // Rows per INSERT statement: 10 parameters each, well under SQLite's and PostgreSQL's parameter limits.
    private const int RowsPerStatement = 100;

    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;
    private long _commits;

    /// <param name="database">The hub's database (migrated to 0007 or later).</param>
    /// <param name="time">The clock that stamps entries and seals.</param>
    /// <param name="options">Group commit settings; defaults when null.</param>
    public AuditStore(HubDatabase database, TimeProvider? time = null, AuditStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _time = time ?? TimeProvider.System;
        _maxBatch = Math.Max(1, options?.MaxBatch ?? 1000);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Transactions committed by this store's writer (for tests and the benchmark).</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <inheritdoc/>
    public ValueTask<long> AppendAsync(AuditEvent entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Action);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Actor);
        if (entry.Detail is not null)
        {
            // The detail is documented as a small JSON object; refuse anything else before it enters the chain.
            using var _ = JsonDocument.Parse(entry.Detail);
        }

        var pending = new Pending(entry);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(AuditStore), "The audit log is closed.");
        }

        // Cancelling stops the wait, not the write: an entry handed over is committed (or fails) regardless, because
        // the action it records may already have happened.
        return new ValueTask<long>(pending.Completion.Task.WaitAsync(cancellationToken));
    }

    /// <summary>The chain's head: the last sequence number and its hash (0 and the genesis hash when empty).</summary>
    public async Task<(long Seq, string Hash)> GetHeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var head = await connection.QuerySingleAsync<HeadRow>(new CommandDefinition(Sql.ReadHead, cancellationToken: cancellationToken));
        return (head.seq, head.hash);
    }

    /// <summary>
    /// Seals the chain up to its head with <paramref name="key"/>, unless that head is already sealed with it.
    /// Returns the new seal, or null when there was nothing new to seal.
    /// </summary>
    public async Task<AuditSeal?> SealAsync(AuditSigningKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var head = await connection.QuerySingleAsync<HeadRow>(new CommandDefinition(Sql.ReadHead, cancellationToken: cancellationToken));
        if (head.seq == 0)
        {
            return null;
        }

        var seal = key.Seal(head.seq, head.hash, _time.GetUtcNow());
        // Two nodes sealing the same head with the same key: the second insert does nothing.
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            Sql.InsertSeal,
            new { UpToSeq = seal.UpToSeq, seal.Hash, At = Time(seal.Time), seal.Signature, seal.KeyId },
            cancellationToken: cancellationToken));
        return inserted == 1 ? seal : null;
    }

    /// <summary>Every seal, oldest first.</summary>
    public async Task<IReadOnlyList<AuditSeal>> ListSealsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SealRow>(new CommandDefinition(Sql.ListSeals, cancellationToken: cancellationToken));
        return rows.Select(r => new AuditSeal(r.up_to_seq, r.hash, ReadTime(r.at), r.signature, r.key_id)).ToList();
    }

    /// <summary>The entries in stored sequence order, streamed (the whole log is never held in memory).</summary>
    public async IAsyncEnumerable<AuditEntry> ReadEntriesAsync(long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = Sql.ReadEntries;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "after";
        parameter.Value = afterSeq;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return ReadEntry(reader);
        }
    }

    /// <summary>Verifies the whole chain and every seal against <paramref name="trustedKeys"/>; names the first bad entry.</summary>
    public async Task<AuditVerificationResult> VerifyAsync(IReadOnlyList<AuditSigningKey> trustedKeys, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        // The head first: entries appended while verifying lie beyond it and are checked, never missed.
        var (headSeq, _) = await GetHeadAsync(cancellationToken);
        var verifier = new AuditChainVerifier(await ListSealsAsync(cancellationToken), trustedKeys);
        await foreach (var entry in ReadEntriesAsync(0, cancellationToken))
        {
            if (!verifier.Add(entry))
            {
                break;
            }
        }

        return verifier.Complete(clock.Elapsed, headSeq);
    }

    /// <summary>Stops taking appends, commits what is waiting, and ends the writer.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(_maxBatch);
        // One connection for the writer's life: opening one per batch (pool, pragmas) would cost as much as a small commit.
        DbConnection? connection = null;
        try
        {
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                try
                {
                    connection ??= await _database.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
                    var seqs = await CommitAsync(connection, batch).ConfigureAwait(false);
                    Interlocked.Increment(ref _commits);
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Completion.TrySetResult(seqs[i]);
                    }
                }
                catch (Exception ex)
                {
                    // A connection that failed is not reused; the next batch opens a new one.
                    if (connection is not null)
                    {
                        await connection.DisposeAsync().ConfigureAwait(false);
                        connection = null;
                    }

                    // Nothing of this batch is durable (the transaction rolled back or never committed): fail every wait.
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(new AuditWriteException("The audit entry could not be committed; the action it records must be treated as not audited.", ex));
                    }
                }
            }
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<long[]> CommitAsync(DbConnection connection, List<Pending> batch)
    {
        // The writer does not observe callers' tokens: an entry accepted is written or failed, never left hanging.
        var ct = CancellationToken.None;
        await using var transaction = _database.Provider == DatabaseProvider.Sqlite
            ? ((SqliteConnection)connection).BeginTransaction(deferred: false)
            : await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var head = await connection.QuerySingleAsync<HeadRow>(new CommandDefinition(
            _database.Provider == DatabaseProvider.Postgres ? Sql.LockHeadPostgres : Sql.ReadHead, transaction: transaction, cancellationToken: ct)).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var previous = head.hash;
        var entries = new List<AuditEntry>(batch.Count);
        var seqs = new long[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var entry = AuditChain.Link(previous, head.seq + i + 1, now, batch[i].Event);
            entries.Add(entry);
            seqs[i] = entry.Seq;
            previous = entry.Hash;
        }

        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            await InsertSqliteAsync((SqliteConnection)connection, (SqliteTransaction)transaction, entries).ConfigureAwait(false);
        }
        else
        {
            // PostgreSQL: multi-row statements, one round trip per RowsPerStatement entries.
            for (var start = 0; start < entries.Count; start += RowsPerStatement)
            {
                var (sql, parameters) = BuildInsert(entries, start, Math.Min(RowsPerStatement, entries.Count - start));
                await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)).ConfigureAwait(false);
            }
        }

        var moved = await connection.ExecuteAsync(new CommandDefinition(Sql.MoveHead, new { Seq = entries[^1].Seq, Hash = entries[^1].Hash, OldSeq = head.seq }, transaction, cancellationToken: ct)).ConfigureAwait(false);
        if (moved != 1)
        {
            throw new InvalidOperationException("The audit chain head moved under a locked transaction.");
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
        return seqs;
    }

    // SQLite runs in-process: one prepared single-row INSERT re-executed per entry is its fastest path (a multi-row
    // statement with hundreds of named parameters costs more in binding than it saves).
    private async Task InsertSqliteAsync(SqliteConnection connection, SqliteTransaction transaction, List<AuditEntry> entries)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql.InsertEntryPrefix + " (@s, @t, @a, @c, @u, @n, @i, @f, @r, @d, @ph, @h)";
        var p = new SqliteParameter[12];
        var names = new[] { "@s", "@t", "@a", "@c", "@u", "@n", "@i", "@f", "@r", "@d", "@ph", "@h" };
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = command.Parameters.Add(names[i], i == 0 ? SqliteType.Integer : SqliteType.Text);
        }

        command.Prepare();
        foreach (var e in entries)
        {
            p[0].Value = e.Seq;
            p[1].Value = Time(e.Time);
            p[2].Value = e.Event.Action;
            p[3].Value = e.Event.Actor;
            p[4].Value = (object?)e.Event.Purpose ?? DBNull.Value;
            p[5].Value = (object?)e.Event.SubjectNik ?? DBNull.Value;
            p[6].Value = e.Event.SubjectPersonId is { } id ? _database.Dialect.Id(id) : DBNull.Value;
            p[7].Value = e.Event.Fields is null ? DBNull.Value : JsonSerializer.Serialize(e.Event.Fields);
            p[8].Value = (object?)e.Event.RequestId ?? DBNull.Value;
            p[9].Value = (object?)e.Event.Detail ?? DBNull.Value;
            p[10].Value = e.PrevHash;
            p[11].Value = e.Hash;
            await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private (string Sql, DynamicParameters Parameters) BuildInsert(List<AuditEntry> entries, int start, int count)
    {
        var sql = new StringBuilder(Sql.InsertEntryPrefix);
        var parameters = new DynamicParameters();
        for (var i = 0; i < count; i++)
        {
            var e = entries[start + i];
            var p = i.ToString(CultureInfo.InvariantCulture);
            sql.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"(@s{p}, @t{p}, @a{p}, @c{p}, @u{p}, @n{p}, @i{p}, @f{p}, @r{p}, @d{p}, @ph{p}, @h{p})");
            parameters.Add("s" + p, e.Seq);
            parameters.Add("t" + p, Time(e.Time));
            parameters.Add("a" + p, e.Event.Action);
            parameters.Add("c" + p, e.Event.Actor);
            parameters.Add("u" + p, e.Event.Purpose);
            parameters.Add("n" + p, e.Event.SubjectNik);
            parameters.Add("i" + p, e.Event.SubjectPersonId is { } id ? _database.Dialect.Id(id) : null);
            parameters.Add("f" + p, e.Event.Fields is null ? null : JsonSerializer.Serialize(e.Event.Fields));
            parameters.Add("r" + p, e.Event.RequestId);
            parameters.Add("d" + p, e.Event.Detail);
            parameters.Add("ph" + p, e.PrevHash);
            parameters.Add("h" + p, e.Hash);
        }

        return (sql.ToString(), parameters);
    }

    /// <summary>SQLite keeps the time as the canonical text (sorts in time order); PostgreSQL as timestamptz.</summary>
    internal object Time(DateTimeOffset time) =>
        _database.Provider == DatabaseProvider.Sqlite ? AuditChain.FormatTime(time) : AuditChain.Truncate(time).UtcDateTime;

    private static DateTimeOffset ReadTime(object value) => AuditChain.Truncate(Internal.SqlDialect.ReadTime(value));

    private static AuditEntry ReadEntry(DbDataReader r)
    {
        // Columns in Sql.ReadEntries order, read in order (sequential access).
        var seq = r.GetInt64(0);
        var at = ReadTime(r.GetValue(1));
        var action = r.GetString(2);
        var actor = r.GetString(3);
        var purpose = r.IsDBNull(4) ? null : r.GetString(4);
        var nik = r.IsDBNull(5) ? null : r.GetString(5);
        Guid? person = r.IsDBNull(6) ? null : Internal.SqlDialect.ReadId(r.GetValue(6));
        var fields = r.IsDBNull(7) ? null : JsonSerializer.Deserialize<List<string>>(r.GetString(7));
        var request = r.IsDBNull(8) ? null : r.GetString(8);
        var detail = r.IsDBNull(9) ? null : r.GetString(9);
        var prev = r.GetString(10);
        var hash = r.GetString(11);
        return new AuditEntry(seq, at, new AuditEvent(action, actor, purpose, nik, person, fields, request, detail), prev, hash);
    }

    private sealed record Pending(AuditEvent Event)
    {
        public TaskCompletionSource<long> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class HeadRow
    {
        public long seq { get; set; }

        public string hash { get; set; } = "";
    }

    private sealed class SealRow
    {
        public long up_to_seq { get; set; }

        public string hash { get; set; } = "";

        public object at { get; set; } = "";

        public string signature { get; set; } = "";

        public string key_id { get; set; } = "";
    }

    private static class Sql
    {
        public const string ReadHead = "SELECT seq, hash FROM audit_head WHERE id = 1";

        public const string LockHeadPostgres = "SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE";

        public const string MoveHead = "UPDATE audit_head SET seq = @Seq, hash = @Hash WHERE id = 1 AND seq = @OldSeq";

        public const string InsertEntryPrefix = """
            INSERT INTO audit_entry (seq, at, action, actor, purpose, subject_nik, subject_person_id, fields, request_id, detail, prev_hash, hash)
            VALUES
            """;

        public const string ReadEntries = """
            SELECT seq, at, action, actor, purpose, subject_nik, subject_person_id, fields, request_id, detail, prev_hash, hash
              FROM audit_entry WHERE seq > @after ORDER BY seq
            """;

        public const string InsertSeal = """
            INSERT INTO audit_seal (up_to_seq, hash, at, signature, key_id) VALUES (@UpToSeq, @Hash, @At, @Signature, @KeyId)
            ON CONFLICT DO NOTHING
            """;

        public const string ListSeals = "SELECT up_to_seq, hash, at, signature, key_id FROM audit_seal ORDER BY up_to_seq, key_id";
    }
}

/// <summary>An audit entry could not be made durable; whatever it records must be treated as not audited.</summary>
public sealed class AuditWriteException(string message, Exception inner) : Exception(message, inner);
