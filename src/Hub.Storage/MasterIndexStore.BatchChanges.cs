using System.Data.Common;

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
    private static Task AppendBatchChangesAsync(DbConnection connection, DbTransaction transaction, BatchChanges changes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        _ = (connection, transaction, changes, now, cancellationToken);
        return Task.CompletedTask;
    }
}
