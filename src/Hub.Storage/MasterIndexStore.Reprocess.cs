using Dapper;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Runs;

namespace IntegrationHub.Storage;

// Re-processing one quarantined row: the record it now maps to goes into the index through the same batch
// resolution as any run, inside a run of its own, and the row is marked resolved, all in one transaction.
internal sealed partial class MasterIndexStore
{
    /// <summary>
    /// Applies <paramref name="record"/> (mapped again from quarantined row <paramref name="quarantineId"/>) in a new
    /// run of <paramref name="source"/> and marks the row resolved by <paramref name="resolvedBy"/>. Null when the row
    /// is no longer open (another re-process resolved it first); then nothing is written.
    /// </summary>
    internal async Task<(Guid RunId, BatchResult Result)?> ResolveQuarantineAsync(
        long quarantineId, string source, SourceRecord record, SurvivorshipPolicy policy, string resolvedBy, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var runId = Guid.CreateVersion7(now);
        var run = _dialect.Id(runId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            ReprocessSql.InsertRun,
            new { RunId = run, Source = source, Location = $"quarantine #{quarantineId}", Status = RunStatus.Running.ToString(), StartedAt = _dialect.Time(now), Trigger = RunTriggers.Reprocess },
            transaction,
            cancellationToken: cancellationToken));

        // Claim the row first: a concurrent re-process of the same row waits here, then finds it resolved.
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            ReprocessSql.Resolve,
            new { Id = quarantineId, At = _dialect.Time(now), By = resolvedBy, RunId = run },
            transaction,
            cancellationToken: cancellationToken));
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var changes = new BatchChanges();
        var counts = await ResolveBatchAsync(connection, transaction, [record], runId, now, policy, changes, new BatchPhaseClock(), cancellationToken);
        await AppendBatchChangesAsync(connection, transaction, changes, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.AddRunCounts, new { RunId = run, counts.Accepted, counts.Unchanged, Quarantined = 0 }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.FinishRun,
            new { RunId = run, Status = RunStatus.Succeeded.ToString(), FinishedAt = _dialect.Time(_time.GetUtcNow()), Error = (string?)null },
            transaction,
            cancellationToken: cancellationToken));
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        await transaction.CommitAsync(cancellationToken);
        return (runId, new BatchResult(counts.Accepted, counts.Unchanged, 0) { Linked = counts.Linked, Reviewed = counts.Reviewed, Created = counts.Created });
    }

    private static class ReprocessSql
    {
        public const string InsertRun = """
            INSERT INTO ingest_run (run_id, source, location, status, started_at, trigger_kind)
            VALUES (@RunId, @Source, @Location, @Status, @StartedAt, @Trigger)
            """;

        public const string Resolve = """
            UPDATE quarantine
               SET status = 'resolved', resolved_at = @At, resolved_by = @By, resolved_run_id = @RunId,
                   attempts = attempts + 1, last_attempt_at = @At, last_attempt_reasons = NULL
             WHERE quarantine_id = @Id AND status = 'open'
            """;
    }
}
