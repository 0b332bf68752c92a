using Dapper;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Feeds;

/// <summary>Every subscription's lag in one query, for the metrics a scrape reads from any node.</summary>
public sealed partial class FeedStore
{
    /// <summary>
    /// The delivery state of every subscription, paused ones included, oldest first, read in one statement: the same
    /// counts <see cref="GetStatusAsync"/> gives for one subscription, plus whether it is paused and when the oldest
    /// event it still owes happened (queued or not yet considered).
    /// </summary>
    public async Task<IReadOnlyList<SubscriptionLag>> ListLagAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LagRow>(new CommandDefinition(LagSql, cancellationToken: cancellationToken));
        return rows.Select(r =>
        {
            var oldestPending = SqlDialect.ReadNullableTime(r.oldest_pending_at);
            var nextEvent = SqlDialect.ReadNullableTime(r.next_event_at);
            DateTimeOffset? oldestOwed = (oldestPending, nextEvent) switch
            {
                ({ } a, { } b) => a < b ? a : b,
                ({ } a, null) => a,
                (null, var b) => b,
            };
            return new SubscriptionLag(
                SqlDialect.ReadId(r.subscription_id),
                r.delivery == "webhook" ? DeliveryMode.Webhook : DeliveryMode.Pull,
                r.status == "paused",
                r.latest_seq,
                r.fanout_seq,
                r.pending,
                r.dead,
                oldestOwed);
        }).ToList();
    }

    // The head of the feed once, the queue aggregated once (pending and dead rows only: delivered ones do not count),
    // and per subscription the time of the first event after its position (a primary-key seek): a webhook's fan-out
    // position, or the position a pull subscription's client has acknowledged.
    private const string LagSql = """
        SELECT s.subscription_id, s.delivery, s.status, h.latest_seq,
               CASE WHEN s.delivery = 'pull' THEN COALESCE(s.cursor_seq, s.fanout_seq) ELSE s.fanout_seq END AS fanout_seq,
               COALESCE(q.pending, 0) AS pending, COALESCE(q.dead, 0) AS dead, q.oldest_pending_at,
               (SELECT e.occurred_at FROM change_event e
                 WHERE e.seq > CASE WHEN s.delivery = 'pull' THEN COALESCE(s.cursor_seq, s.fanout_seq) ELSE s.fanout_seq END
                 ORDER BY e.seq LIMIT 1) AS next_event_at
          FROM feed_subscription s
          CROSS JOIN (SELECT COALESCE(MAX(seq), 0) AS latest_seq FROM change_event) h
          LEFT JOIN (SELECT subscription_id,
                            SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END) AS pending,
                            SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END) AS dead,
                            MIN(CASE WHEN status = 'pending' THEN occurred_at END) AS oldest_pending_at
                       FROM feed_delivery
                      WHERE status IN ('pending', 'dead')
                      GROUP BY subscription_id) q ON q.subscription_id = s.subscription_id
         ORDER BY s.created_at, s.subscription_id
        """;

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates this.
    private sealed class LagRow
    {
        public object subscription_id { get; set; } = default!;

        public string delivery { get; set; } = default!;

        public string status { get; set; } = default!;

        public long fanout_seq { get; set; }

        public long latest_seq { get; set; }

        public long pending { get; set; }

        public long dead { get; set; }

        public object? oldest_pending_at { get; set; }

        public object? next_event_at { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}

/// <summary>One subscription's lag as <see cref="FeedStore.ListLagAsync"/> reads it.</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="Mode">Webhook or pull.</param>
/// <param name="Paused">Whether delivery is paused (a paused subscription falls behind: its lag keeps growing).</param>
/// <param name="LatestSeq">The newest event in the feed.</param>
/// <param name="FanoutSeq">The newest event considered for this subscription's deliveries (webhook), or the newest its client acknowledged (pull).</param>
/// <param name="Pending">Deliveries waiting or in flight.</param>
/// <param name="DeadLetters">Deliveries dead-lettered and not replayed.</param>
/// <param name="OldestOwedAt">
/// When the oldest event not yet delivered happened: the oldest waiting delivery, or the first event after
/// <paramref name="FanoutSeq"/>, whichever is older; null when nothing is owed.
/// </param>
public sealed record SubscriptionLag(
    Guid SubscriptionId,
    DeliveryMode Mode,
    bool Paused,
    long LatestSeq,
    long FanoutSeq,
    long Pending,
    long DeadLetters,
    DateTimeOffset? OldestOwedAt)
{
    /// <summary>Events not yet delivered: those waiting, plus those not yet considered (as <see cref="SubscriptionStatus.LagEvents"/>).</summary>
    public long LagEvents => Pending + Math.Max(0, LatestSeq - FanoutSeq);

    /// <summary>How long the oldest event not yet delivered has waited at <paramref name="now"/>; 0 when nothing is owed.</summary>
    public double LagSeconds(DateTimeOffset now) => OldestOwedAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
}
