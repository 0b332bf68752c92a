using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

// The change feed's outbox side. Changes are collected per transaction while it runs and appended to change_event
// just before it commits (FlushChangesAsync), in the same transaction: a rolled-back batch leaves no event, and the
// person snapshot each event carries is the golden record as committed.
//
// Why at the end: on PostgreSQL, identity values are handed out when rows are inserted but become visible when their
// transactions commit, which may be in another order; a reader that has seen seq 12 could later miss a seq 11 that
// commits after. Appends therefore take a transaction-level advisory lock first, held until commit, so appends and
// commits happen one transaction at a time. Taking it at the end, not the start, keeps concurrent ingest batches
// parallel for everything but their last few statements.
internal sealed partial class MasterIndexStore
{
    private static readonly ConditionalWeakTable<DbTransaction, List<PendingChange>> s_pendingChanges = new();

    // Starts collecting a new transaction's changes. Npgsql reuses transaction objects on a pooled connection, so a
    // transaction that failed before flushing would otherwise hand its changes to the next one on that connection.
    private static void BeginChangeCapture(DbTransaction transaction) => s_pendingChanges.AddOrUpdate(transaction, []);

    // Records a person-history entry's feed event (created, linked, merged, ... ; see ChangeEventTypes.FromHistoryKind).
    private static void RecordHistoryChange(DbTransaction transaction, Guid personId, string kind, Guid? other, string? detail, DateTimeOffset now)
    {
        if (ChangeEventTypes.FromHistoryKind(kind) is not { } type)
        {
            return;
        }

        IReadOnlyList<string> changed = [];
        if (kind is "override" or "override-cleared" && detail is not null
            && JsonSerializer.Deserialize<JsonElement>(detail).TryGetProperty("field", out var field) && field.GetString() is { } name)
        {
            changed = [name];
        }

        s_pendingChanges.GetOrCreateValue(transaction).Add(new PendingChange(type, personId, other, changed, now));
    }

    // Records the feed events of golden-record field changes written by ingest: person.updated with the changed fields,
    // and person.deceased when the vital status turned to deceased.
    private static void RecordFieldChanges(DbTransaction transaction, Guid personId, IReadOnlyList<string> changedFields, bool turnedDeceased, DateTimeOffset now)
    {
        if (changedFields.Count == 0)
        {
            return;
        }

        var pending = s_pendingChanges.GetOrCreateValue(transaction);
        pending.Add(new PendingChange(ChangeEventTypes.Updated, personId, null, changedFields, now));
        if (turnedDeceased)
        {
            pending.Add(new PendingChange(ChangeEventTypes.Deceased, personId, null, [], now));
        }
    }

    /// <summary>Appends the transaction's collected changes to change_event. Call it right before committing.</summary>
    private async Task FlushChangesAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        if (!s_pendingChanges.TryGetValue(transaction, out var pending))
        {
            return;
        }

        s_pendingChanges.Remove(transaction);
        await ChangeFeedWriter.AppendAsync(connection, transaction, _dialect, pending, cancellationToken);
    }
}

/// <summary>A change waiting for its transaction to commit.</summary>
internal sealed record PendingChange(string Type, Guid PersonId, Guid? OtherPersonId, IReadOnlyList<string> ChangedFields, DateTimeOffset OccurredAt);

/// <summary>Writes change_event rows: serialised on PostgreSQL, with the golden record of each person as it stands in the transaction.</summary>
internal static class ChangeFeedWriter
{
    /// <summary>The advisory lock key that serialises feed appends on PostgreSQL ("HUBFEED" in ASCII, as a number).</summary>
    public const long AppendLockKey = 0x48554246454544;

    private const int RowsPerStatement = 100;
    private const int PersonsPerQuery = 500;

    public static async Task AppendAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyList<PendingChange> pending, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        if (dialect.Provider == DatabaseProvider.Postgres)
        {
            await LockAsync(connection, transaction, cancellationToken);
        }

        var snapshots = await LoadSnapshotsAsync(connection, transaction, dialect, pending.Select(p => p.PersonId).Distinct().ToList(), cancellationToken);
        for (var start = 0; start < pending.Count; start += RowsPerStatement)
        {
            var chunk = pending.Skip(start).Take(RowsPerStatement).ToList();
            var parameters = new DynamicParameters();
            var sql = new System.Text.StringBuilder("INSERT INTO change_event (event_id, type, person_id, other_person_id, changed_fields, province_code, person, occurred_at) VALUES ");
            var personCast = dialect.Provider == DatabaseProvider.Postgres ? "CAST(@p{0} AS jsonb)" : "@p{0}";
            for (var i = 0; i < chunk.Count; i++)
            {
                var change = chunk[i];
                var person = snapshots.GetValueOrDefault(change.PersonId) ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
                parameters.Add($"e{i}", dialect.Id(Guid.CreateVersion7(change.OccurredAt)));
                parameters.Add($"t{i}", change.Type);
                parameters.Add($"i{i}", dialect.Id(change.PersonId));
                parameters.Add($"o{i}", change.OtherPersonId is { } o ? dialect.Id(o) : null);
                parameters.Add($"c{i}", change.ChangedFields.Count == 0 ? null : JsonSerializer.Serialize(change.ChangedFields));
                parameters.Add($"r{i}", person.GetValueOrDefault(CanonicalFields.ProvinceCode.Path));
                parameters.Add($"p{i}", JsonSerializer.Serialize(person));
                parameters.Add($"a{i}", dialect.Time(change.OccurredAt));
                sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@e{i}, @t{i}, @i{i}, @o{i}, @c{i}, @r{i}, ")
                    .Append(string.Format(System.Globalization.CultureInfo.InvariantCulture, personCast, i)).Append(System.Globalization.CultureInfo.InvariantCulture, $", @a{i})");
            }

            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Takes the append lock for the rest of the transaction (PostgreSQL only).</summary>
    public static async Task LockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = AppendLockKey }, transaction, cancellationToken: cancellationToken));

    private static async Task<Dictionary<Guid, SortedDictionary<string, string>>> LoadSnapshotsAsync(
        DbConnection connection, DbTransaction transaction, SqlDialect dialect, List<Guid> persons, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, SortedDictionary<string, string>>();
        for (var start = 0; start < persons.Count; start += PersonsPerQuery)
        {
            var chunk = persons.Skip(start).Take(PersonsPerQuery).ToList();
            IEnumerable<FieldValueRow> rows = dialect.Provider == DatabaseProvider.Postgres
                ? await connection.QueryAsync<FieldValueRow>(new CommandDefinition(
                    "SELECT person_id, field, value FROM person_field WHERE person_id = ANY(@Ids)", new { Ids = chunk.ToArray() }, transaction, cancellationToken: cancellationToken))
                : await connection.QueryAsync<FieldValueRow>(new CommandDefinition(
                    "SELECT person_id, field, value FROM person_field WHERE person_id IN @Ids", new { Ids = chunk.Select(dialect.Id).ToList() }, transaction, cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                var id = SqlDialect.ReadId(row.person_id);
                if (!result.TryGetValue(id, out var fields))
                {
                    fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    result[id] = fields;
                }

                fields[row.field] = row.value;
            }
        }

        return result;
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates it.
    private sealed class FieldValueRow
    {
        public object person_id { get; set; } = default!;

        public string field { get; set; } = default!;

        public string value { get; set; } = default!;
    }
#pragma warning restore IDE1006, CA1812
}
