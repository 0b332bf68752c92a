using System.Text.Json;
using Dapper;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Feeds;

public sealed partial class FeedStore
{
    /// <summary>
    /// Records how several claimed attempts ended, in one transaction and a fixed number of statements whatever their
    /// count. Results for claims this node no longer holds (its lease expired and another node took the delivery) are
    /// logged as <c>lease-lost</c> and change nothing. Returns how many were this node's.
    /// </summary>
    /// <remarks>
    /// The claims still held are read first and, on PostgreSQL, locked (<c>FOR UPDATE</c>): another node's claim skips
    /// locked rows, so nothing can take one over between that read and the update. SQLite transactions hold the
    /// single write lock from their start.
    /// </remarks>
    public async Task<int> CompleteManyAsync(string nodeId, IReadOnlyList<DeliveryResult> results, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return 0;
        }

        // Rows are locked in delivery order, as every other writer of feed_delivery does, so two nodes cannot deadlock.
        var ordered = results.OrderBy(r => r.Claim.DeliveryId).ToList();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        if (IsPostgres)
        {
            // The line lock before any row: a replay's recomputation of the fronts holds it exclusively while it updates
            // the waiting rows, so taking rows first and the lock second could deadlock with it.
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock_shared(@Key)", new { Key = HeadLockKey }, transaction, cancellationToken: cancellationToken));
        }

        var owned = (IsPostgres
            ? await connection.QueryAsync<long>(new CommandDefinition(
                CompleteSql.OwnedPostgres,
                new
                {
                    Node = nodeId,
                    Ids = ordered.Select(r => r.Claim.DeliveryId).ToArray(),
                    Generations = ordered.Select(r => r.Claim.Generation).ToArray(),
                    Attempts = ordered.Select(r => r.Claim.Attempt).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken))
            : await connection.QueryAsync<long>(new CommandDefinition(
                CompleteSql.OwnedSqlite,
                new { Node = nodeId, Claims = JsonSerializer.Serialize(ordered.Select(r => new[] { r.Claim.DeliveryId, r.Claim.Generation, r.Claim.Attempt })) },
                transaction,
                cancellationToken: cancellationToken))).ToHashSet();

        var mine = ordered.Where(r => owned.Contains(r.Claim.DeliveryId)).ToList();
        var finishedLines = mine.Where(r => r.Outcome != DeliveryOutcome.Retry).Select(r => (r.Claim.SubscriptionId, r.Claim.PersonId)).Distinct().ToList();
        var lastErrors = mine.Where(r => r.Error is not null).GroupBy(r => r.Claim.SubscriptionId).Select(g => g.MaxBy(r => r.At)!).ToList();
        if (IsPostgres)
        {
            // Everything after the locking read in one round trip: the statements of one command run in order.
            await connection.ExecuteAsync(new CommandDefinition(
                CompleteSql.FinishPostgres,
                new
                {
                    Ids = ordered.Select(r => r.Claim.DeliveryId).ToArray(),
                    Generations = ordered.Select(r => r.Claim.Generation).ToArray(),
                    Attempts = ordered.Select(r => r.Claim.Attempt).ToArray(),
                    Finished = ordered.Select(r => r.At.UtcDateTime).ToArray(),
                    Outcomes = ordered.Select(r => owned.Contains(r.Claim.DeliveryId) ? StatusText(r.Outcome) : "lease-lost").ToArray(),
                    Codes = ordered.Select(r => r.StatusCode).ToArray(),
                    Errors = ordered.Select(r => r.Error).ToArray(),
                    MineIds = mine.Select(r => r.Claim.DeliveryId).ToArray(),
                    MineStatuses = mine.Select(r => StatusText(r.Outcome)).ToArray(),
                    MineNext = mine.Select(r => r.NextAttemptAt.UtcDateTime).ToArray(),
                    MineErrors = mine.Select(r => r.Error).ToArray(),
                    MineAt = mine.Select(r => r.At.UtcDateTime).ToArray(),
                    LineSubscriptions = finishedLines.Select(l => l.SubscriptionId).ToArray(),
                    LinePersons = finishedLines.Select(l => l.PersonId).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            if (lastErrors.Count > 0)
            {
                // Status only: its own statement, after the outcomes are safe (see CompleteSql.FinishPostgres).
                await connection.ExecuteAsync(new CommandDefinition(
                    CompleteSql.LastErrorsPostgres,
                    new
                    {
                        ErrorSubscriptions = lastErrors.Select(r => r.Claim.SubscriptionId).ToArray(),
                        ErrorTexts = lastErrors.Select(r => r.Error).ToArray(),
                        ErrorAt = lastErrors.Select(r => r.At.UtcDateTime).ToArray(),
                    },
                    cancellationToken: cancellationToken));
            }

            return mine.Count;
        }

        await CompleteSql.FinishAttempts.ExecuteAsync(
            connection,
            transaction,
            _dialect,
            ordered.Select(r => new object?[]
            {
                r.Claim.DeliveryId, r.Claim.Generation, r.Claim.Attempt, r.At,
                owned.Contains(r.Claim.DeliveryId) ? StatusText(r.Outcome) : "lease-lost", r.StatusCode, r.Error,
            }).ToList(),
            cancellationToken);

        await CompleteSql.FinishDeliveries.ExecuteAsync(
            connection,
            transaction,
            _dialect,
            mine.Select(r => new object?[] { r.Claim.DeliveryId, StatusText(r.Outcome), r.NextAttemptAt, r.Error, r.At }).ToList(),
            cancellationToken);

        // A finished delivery (delivered, dead-lettered or skipped) leaves its person's line: the next one moves up.
        await CompleteSql.PromoteNext.ExecuteAsync(
            connection,
            transaction,
            _dialect,
            finishedLines.Select(k => new object?[] { k.SubscriptionId, k.PersonId }).ToList(),
            cancellationToken);

        // Each subscription's last error: the latest of this batch's failures, one statement per failing subscription.
        foreach (var failure in lastErrors)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE feed_subscription SET last_error = @Error, last_error_at = @Now WHERE subscription_id = @Id",
                new { failure.Error, Now = _dialect.Time(failure.At), Id = _dialect.Id(failure.Claim.SubscriptionId) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return mine.Count;
    }

    /// <summary>
    /// Marks as claimable every waiting delivery that is at the front of its person's line but not marked so. The
    /// marks are kept as deliveries are queued and finished; this repairs what a race between nodes can leave
    /// behind (a head finished on one node while another queued the person's next event). Returns how many it marked.
    /// </summary>
    public async Task<int> RepairHeadsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(HeadSql.Repair, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The advisory lock key that orders changes of the line fronts on PostgreSQL ("HUBHEAD" in ASCII, as a number).
    /// Recording outcomes and queueing new deliveries take it shared: between those two, the row locks on the lines'
    /// waiting deliveries decide (see <see cref="HeadSql.WaitingPersonsPostgres"/>), so they do not wait for each
    /// other on different persons. Recomputing a whole subscription's fronts after a replay takes it exclusively, in a
    /// short transaction of its own after the replayed deliveries were committed. So a front moved up by a finished
    /// delivery and a front marked for a new one always see each other's committed rows, and no delivery is left
    /// waiting behind a line that has no front.
    /// </summary>
    private const long HeadLockKey = 0x48554248454144;

    private async Task MarkHeadsAsync(System.Data.Common.DbConnection connection, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@Key)", new { Key = HeadLockKey }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    private static string StatusText(DeliveryOutcome outcome) => outcome switch
    {
        DeliveryOutcome.Delivered => "delivered",
        DeliveryOutcome.Retry => "pending",
        DeliveryOutcome.Dead => "dead",
        DeliveryOutcome.Skipped => "skipped",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    // The front of a person's line within a subscription: its waiting delivery with the lowest seq. Written with a
    // window or an ordered limit rather than a correlated NOT EXISTS, so that the plan stays linear even on a table
    // whose statistics are not yet gathered.
    private static class HeadSql
    {
        private const string Fronts = """
            SELECT delivery_id FROM (
                SELECT delivery_id, head, ROW_NUMBER() OVER (PARTITION BY subscription_id, person_id ORDER BY seq) AS position
                  FROM feed_delivery WHERE status = 'pending' {0}) AS w
             WHERE position = 1
            """;

        public static readonly string Recompute =
            "UPDATE feed_delivery SET head = CASE WHEN delivery_id IN (" + Fronts.Replace("{0}", "AND subscription_id = @Id", StringComparison.Ordinal) + ") THEN 1 ELSE 0 END WHERE subscription_id = @Id AND status = 'pending'";

        public static readonly string Repair =
            "UPDATE feed_delivery SET head = 1 WHERE head = 0 AND delivery_id IN (" + Fronts.Replace("{0}", "", StringComparison.Ordinal) + ")";

        public const string PromoteSqlite = """
            UPDATE feed_delivery SET head = 1
             WHERE head = 0 AND delivery_id = (SELECT delivery_id FROM feed_delivery
                                                WHERE subscription_id = @p0 AND person_id = @p1 AND status = 'pending' ORDER BY seq LIMIT 1)
            """;

        public const string PromotePostgres = """
            UPDATE feed_delivery SET head = 1
             WHERE head = 0 AND delivery_id IN (
                   SELECT DISTINCT ON (d.subscription_id, d.person_id) d.delivery_id
                     FROM feed_delivery d JOIN unnest(@LineSubscriptions::uuid[], @LinePersons::uuid[]) AS u(subscription_id, person_id)
                       ON d.subscription_id = u.subscription_id AND d.person_id = u.person_id
                    WHERE d.status = 'pending'
                    ORDER BY d.subscription_id, d.person_id, d.seq)
            """;

        // Locks the waiting deliveries it reads, in delivery order as every writer of feed_delivery does (a line's rows
        // are queued in seq order, so its front is locked first). A recording node holds its claimed fronts locked
        // until it commits: this read then waits, and sees the front finished (and its successor, if any, moved up);
        // if this read locks first, the recording waits, and moves up the delivery this fan-out queues.
        public const string WaitingPersonsPostgres =
            "SELECT person_id FROM feed_delivery WHERE subscription_id = @Id AND status = 'pending' AND person_id = ANY(@Persons) ORDER BY delivery_id FOR UPDATE";

        public const string WaitingPersonsSqlite =
            "SELECT DISTINCT person_id FROM feed_delivery WHERE subscription_id = @Id AND status = 'pending' AND person_id IN (SELECT value FROM json_each(@Persons))";
    }

    /// <summary>
    /// Which of the events about to be queued (given by person, in seq order) start their person's line: the first of
    /// each person, unless the person already has a delivery waiting. Takes the line lock (PostgreSQL) for the rest of
    /// the fan-out transaction. Returns the positions in <paramref name="persons"/> that start a line.
    /// </summary>
    private async Task<HashSet<int>> FrontsAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, object subscriptionId, List<object> persons, CancellationToken cancellationToken)
    {
        if (persons.Count == 0)
        {
            return [];
        }

        IEnumerable<object> waiting;
        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock_shared(@Key)", new { Key = HeadLockKey }, transaction, cancellationToken: cancellationToken));
            waiting = (await connection.QueryAsync<Guid>(new CommandDefinition(
                HeadSql.WaitingPersonsPostgres, new { Id = subscriptionId, Persons = persons.Cast<Guid>().Distinct().ToArray() }, transaction, cancellationToken: cancellationToken)))
                .Distinct().Cast<object>();
        }
        else
        {
            waiting = await connection.QueryAsync<object>(new CommandDefinition(
                HeadSql.WaitingPersonsSqlite, new { Id = subscriptionId, Persons = JsonSerializer.Serialize(persons.Select(p => p.ToString()).Distinct()) }, transaction, cancellationToken: cancellationToken));
        }

        var seen = waiting.Select(p => p.ToString()!).ToHashSet(StringComparer.Ordinal);
        var fronts = new HashSet<int>();
        for (var i = 0; i < persons.Count; i++)
        {
            if (seen.Add(persons[i].ToString()!))
            {
                fronts.Add(i);
            }
        }

        return fronts;
    }

    private static class CompleteSql
    {
        // The deliveries and the fronts of the lines that moved on (the line lock is held already). The subscriptions'
        // last errors are written after the commit (LastErrorsPostgres): a fan-out holds its subscription's row while
        // it waits for the lines this transaction holds, so taking that row here could deadlock.
        public const string FinishPostgres = """
            UPDATE feed_delivery_attempt a SET finished_at = u.t, outcome = u.outcome, status_code = u.code, error = u.error
              FROM unnest(@Ids::bigint[], @Generations::integer[], @Attempts::integer[], @Finished::timestamptz[], @Outcomes::text[], @Codes::integer[], @Errors::text[])
                   AS u(id, generation, attempt, t, outcome, code, error)
             WHERE a.delivery_id = u.id AND a.generation = u.generation AND a.attempt = u.attempt;
            UPDATE feed_delivery d
               SET status = u.status, claimed_by = NULL, claimed_until = NULL, next_attempt_at = u.next, last_error = u.error,
                   delivered_at = CASE WHEN u.status = 'delivered' THEN u.t ELSE d.delivered_at END
              FROM unnest(@MineIds::bigint[], @MineStatuses::text[], @MineNext::timestamptz[], @MineErrors::text[], @MineAt::timestamptz[]) AS u(id, status, next, error, t)
             WHERE d.delivery_id = u.id;
            """ + HeadSql.PromotePostgres + ";";

        public const string LastErrorsPostgres = """
            UPDATE feed_subscription s SET last_error = u.error, last_error_at = u.t
              FROM unnest(@ErrorSubscriptions::uuid[], @ErrorTexts::text[], @ErrorAt::timestamptz[]) AS u(id, error, t)
             WHERE s.subscription_id = u.id AND (s.last_error_at IS NULL OR s.last_error_at <= u.t)
            """;

        public static readonly BulkStatement PromoteNext = new(
            HeadSql.PromoteSqlite,
            HeadSql.PromotePostgres.Replace("@LineSubscriptions", "@p0", StringComparison.Ordinal).Replace("@LinePersons", "@p1", StringComparison.Ordinal),
            BulkType.Uuid,
            BulkType.Uuid);

        // The claims in the list that are still this node's: same generation and attempt number, claimed by it.
        public const string OwnedPostgres = """
            SELECT d.delivery_id
              FROM feed_delivery d
              JOIN unnest(@Ids::bigint[], @Generations::integer[], @Attempts::integer[]) AS r(id, generation, attempt)
                ON d.delivery_id = r.id AND d.generation = r.generation AND d.attempts = r.attempt
             WHERE d.claimed_by = @Node
             ORDER BY d.delivery_id
               FOR UPDATE OF d
            """;

        public const string OwnedSqlite = """
            SELECT d.delivery_id
              FROM feed_delivery d
              JOIN (SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS generation, json_extract(value, '$[2]') AS attempt
                      FROM json_each(@Claims)) AS r
                ON d.delivery_id = r.id AND d.generation = r.generation AND d.attempts = r.attempt
             WHERE d.claimed_by = @Node
            """;

        public static readonly BulkStatement FinishAttempts = new(
            """
            UPDATE feed_delivery_attempt SET finished_at = @p3, outcome = @p4, status_code = @p5, error = @p6
             WHERE delivery_id = @p0 AND generation = @p1 AND attempt = @p2
            """,
            """
            UPDATE feed_delivery_attempt a SET finished_at = u.t, outcome = u.outcome, status_code = u.code, error = u.error
              FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6) AS u(id, generation, attempt, t, outcome, code, error)
             WHERE a.delivery_id = u.id AND a.generation = u.generation AND a.attempt = u.attempt
            """,
            BulkType.BigInt, BulkType.BigInt, BulkType.BigInt, BulkType.Time, BulkType.Text, BulkType.BigInt, BulkType.Text);

        public static readonly BulkStatement FinishDeliveries = new(
            """
            UPDATE feed_delivery
               SET status = @p1, claimed_by = NULL, claimed_until = NULL, next_attempt_at = @p2, last_error = @p3,
                   delivered_at = CASE WHEN @p1 = 'delivered' THEN @p4 ELSE delivered_at END
             WHERE delivery_id = @p0
            """,
            """
            UPDATE feed_delivery d
               SET status = u.status, claimed_by = NULL, claimed_until = NULL, next_attempt_at = u.next, last_error = u.error,
                   delivered_at = CASE WHEN u.status = 'delivered' THEN u.t ELSE d.delivered_at END
              FROM unnest(@p0, @p1, @p2, @p3, @p4) AS u(id, status, next, error, t)
             WHERE d.delivery_id = u.id
            """,
            BulkType.BigInt, BulkType.Text, BulkType.Time, BulkType.Text, BulkType.Time);
    }
}
