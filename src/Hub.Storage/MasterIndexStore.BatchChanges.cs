using System.Data.Common;
using Dapper;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Storage;

/// <summary>A person a batch created, and the record and decision that created it.</summary>
internal sealed record BatchCreated(Guid PersonId, string Source, string SourceKey, long DecisionId);

/// <summary>A record a batch linked to a person the index already had (by NIK or by score).</summary>
internal sealed record BatchLinked(Guid PersonId, string Source, string SourceKey, long DecisionId, string Method);

/// <summary>
/// The person-level changes of one ingest batch, complete once the batch is resolved and before it commits:
/// persons created, persons whose golden fields changed (with the fields' names), and records linked to existing
/// persons. <see cref="MasterIndexStore"/> hands it to one method, in the batch's transaction, so that anything
/// that must be written atomically with these changes (the change feed's outbox) is appended there in one go.
/// </summary>
internal sealed class BatchChanges
{
    /// <summary>Persons created by the batch, in the order the batch created them.</summary>
    public List<BatchCreated> Created { get; } = [];

    /// <summary>
    /// Persons whose golden fields the batch changed after they existed (persons created before the batch, and
    /// persons created earlier in the same batch that a later record changed), with the changed fields' names.
    /// A person created by the batch is not listed for the fields it was created with.
    /// </summary>
    public Dictionary<Guid, SortedSet<string>> Updated { get; } = [];

    /// <summary>Records the batch linked to an existing person, in order.</summary>
    public List<BatchLinked> Linked { get; } = [];

    /// <summary>True when the batch changed no person.</summary>
    public bool IsEmpty => Created.Count == 0 && Updated.Count == 0 && Linked.Count == 0;

    internal void AddUpdated(Guid personId, IEnumerable<string> fields)
    {
        if (!Updated.TryGetValue(personId, out var set))
        {
            set = new SortedSet<string>(StringComparer.Ordinal);
            Updated[personId] = set;
        }

        set.UnionWith(fields);
    }
}

internal sealed partial class MasterIndexStore
{
    /// <summary>
    /// The one point per ingest batch where its person-level changes are known and its transaction is still open:
    /// everything the batch changed is written, nothing is committed. Rows that must commit with the batch's
    /// changes and no other (the change feed's outbox) are appended here, in one statement for the whole batch.
    /// </summary>
    private async Task AppendBatchChangesAsync(DbConnection connection, DbTransaction transaction, BatchChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The change feed: one event per created person, per link to an existing person, and per person whose golden
        // fields changed (with the changed names), plus person.deceased when the vital status turned to deceased. They
        // join the transaction's other changes and are written, in order, by FlushChangesAsync just before commit.
        foreach (var created in changes.Created)
        {
            RecordHistoryChange(transaction, created.PersonId, "created", null, null, now);
        }

        foreach (var linked in changes.Linked)
        {
            RecordHistoryChange(transaction, linked.PersonId, "linked", null, null, now);
        }

        if (changes.Updated.Count == 0)
        {
            return;
        }

        var deceased = new HashSet<Guid>();
        var vitalChanged = changes.Updated.Where(u => u.Value.Contains(CanonicalFields.VitalStatus.Path)).Select(u => u.Key).ToList();
        foreach (var personId in vitalChanged)
        {
            var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                "SELECT value FROM person_field WHERE person_id = @PersonId AND field = @Field",
                new { PersonId = _dialect.Id(personId), Field = CanonicalFields.VitalStatus.Path }, transaction, cancellationToken: cancellationToken));
            if (string.Equals(status, "deceased", StringComparison.Ordinal))
            {
                deceased.Add(personId);
            }
        }

        foreach (var (personId, fields) in changes.Updated)
        {
            RecordFieldChanges(transaction, personId, [.. fields], deceased.Contains(personId), now);
        }
    }
}