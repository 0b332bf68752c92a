using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Feeds;

/// <summary>
/// The change feed, subscriptions and the webhook delivery queue. Deliveries are claimed with row locks
/// (<c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL; SQLite has a single writer) and a lease, so that several nodes
/// share the work, no attempt is made twice, and a node that dies leaves claims that expire for another to take.
/// </summary>
public sealed partial class FeedStore
{
    private readonly HubDatabase _database;
    private readonly SqlDialect _dialect;
    private readonly string _keyFile;

    internal FeedStore(HubDatabase database, string secretsKeyFile)
    {
        _database = database;
        _dialect = database.Dialect;
        _keyFile = secretsKeyFile;
    }

    private bool IsPostgres => _dialect.Provider == DatabaseProvider.Postgres;

    /// <summary>Events after <paramref name="afterSeq"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<ChangeEvent>> ReadAsync(long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(FeedSql.ReadEvents, new { After = afterSeq, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(ToEvent).ToList();
    }

    /// <summary>The events with these sequence numbers (those that exist).</summary>
    public async Task<IReadOnlyDictionary<long, ChangeEvent>> GetEventsAsync(IReadOnlyCollection<long> seqs, CancellationToken cancellationToken)
    {
        if (seqs.Count == 0)
        {
            return new Dictionary<long, ChangeEvent>();
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = IsPostgres
            ? await connection.QueryAsync<EventRow>(new CommandDefinition(FeedSql.EventsBySeqPostgres, new { Seqs = seqs.ToArray() }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<EventRow>(new CommandDefinition(FeedSql.EventsBySeqSqlite, new { Seqs = seqs.ToList() }, cancellationToken: cancellationToken));
        return rows.Select(ToEvent).ToDictionary(e => e.Seq);
    }

    /// <summary>The newest sequence number (0 when the feed is empty).</summary>
    public async Task<long> LatestSeqAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(seq), 0) FROM change_event", cancellationToken: cancellationToken));
    }

    /// <summary>The first sequence number at or after <paramref name="time"/> (one past the newest when none).</summary>
    public async Task<long> SeqAtAsync(DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE(MIN(seq), (SELECT COALESCE(MAX(seq), 0) + 1 FROM change_event)) FROM change_event WHERE occurred_at >= @Time",
            new { Time = _dialect.Time(time) },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Creates a subscription. For a webhook, <paramref name="secret"/> is the generated signing secret's text; it is
    /// stored encrypted (see <see cref="PrepareSecretsAsync"/>).
    /// </summary>
    public async Task CreateSubscriptionAsync(Subscription subscription, string? secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);

        // A new webhook subscription starts at the head of the feed: it receives what happens from now on, and older
        // events only when replayed.
        var head = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(seq), 0) FROM change_event", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            FeedSql.InsertSubscription,
            new
            {
                Id = _dialect.Id(subscription.SubscriptionId),
                subscription.ClientId,
                subscription.Purpose,
                EventTypes = JsonSerializer.Serialize(subscription.Filter.EventTypes.Order(StringComparer.Ordinal)),
                Provinces = JsonSerializer.Serialize(subscription.Filter.Provinces.Order(StringComparer.Ordinal)),
                Delivery = subscription.Mode == DeliveryMode.Webhook ? "webhook" : "pull",
                Url = subscription.Url?.ToString(),
                Secret = SealSecret(secret, subscription.SubscriptionId),
                Status = subscription.Paused ? "paused" : "active",
                FanoutSeq = head,
                CreatedAt = _dialect.Time(subscription.CreatedAt),
            },
            cancellationToken: cancellationToken));
    }

    /// <summary>Every subscription, oldest first.</summary>
    public async Task<IReadOnlyList<StoredSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<SubscriptionRow>(new CommandDefinition(FeedSql.SelectSubscriptions + " ORDER BY created_at, subscription_id", cancellationToken: cancellationToken));
        return rows.Select(ToSubscription).ToList();
    }

    /// <summary>One subscription, or null.</summary>
    public async Task<StoredSubscription?> GetSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<SubscriptionRow>(new CommandDefinition(
            FeedSql.SelectSubscriptions + " WHERE subscription_id = @Id", new { Id = _dialect.Id(subscriptionId) }, cancellationToken: cancellationToken));
        return row is null ? null : ToSubscription(row);
    }

    /// <summary>Pauses or resumes delivery. False when there is no such subscription.</summary>
    public async Task<bool> SetPausedAsync(Guid subscriptionId, bool paused, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE feed_subscription SET status = @Status, updated_at = @Now WHERE subscription_id = @Id",
            new { Id = _dialect.Id(subscriptionId), Status = paused ? "paused" : "active", Now = _dialect.Time(now) },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>Deletes a subscription and its delivery queue. False when there is no such subscription.</summary>
    public async Task<bool> DeleteSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = _dialect.Id(subscriptionId);
        if (IsPostgres)
        {
            // The subscription row first, as a fan-out takes it before the lines' rows: the two then wait, never deadlock.
            await connection.ExecuteAsync(new CommandDefinition("SELECT 1 FROM feed_subscription WHERE subscription_id = @Id FOR UPDATE", new { Id = id }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM feed_delivery_attempt WHERE subscription_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM feed_delivery WHERE subscription_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        var deleted = await connection.ExecuteAsync(new CommandDefinition("DELETE FROM feed_subscription WHERE subscription_id = @Id", new { Id = id }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return deleted > 0;
    }

    /// <summary>
    /// Replaces the signing secret; the old one keeps being used alongside until <paramref name="previousUntil"/>.
    /// False when there is no such webhook subscription.
    /// </summary>
    public async Task<bool> RotateSecretAsync(Guid subscriptionId, string newSecret, DateTimeOffset previousUntil, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE feed_subscription
               SET previous_secret = secret, previous_secret_until = @Until, secret = @Secret, updated_at = @Now
             WHERE subscription_id = @Id AND delivery = 'webhook'
            """,
            new { Id = _dialect.Id(subscriptionId), Secret = SealSecret(newSecret, subscriptionId), Until = _dialect.Time(previousUntil), Now = _dialect.Time(now) },
            cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Queues deliveries for new events on every active webhook subscription: the events after the subscription's
    /// fan-out position that its policy and filter let through. Each subscription is advanced by one node at a time
    /// (its row is locked); others skip it. Returns the number of deliveries queued.
    /// </summary>
    public async Task<int> FanOutAsync(IAccessPolicyReader policies, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var queued = 0;
        foreach (var subscription in await ListSubscriptionsAsync(cancellationToken))
        {
            if (subscription.Subscription is { Mode: DeliveryMode.Webhook, Paused: false } s)
            {
                var policy = await policies.FindAsync(s.ClientId, s.Purpose, cancellationToken);
                queued += await FanOutOneAsync(s, policy, batchSize, now, cancellationToken);
            }
        }

        return queued;
    }

    private async Task<int> FanOutOneAsync(Subscription subscription, AccessPolicy? policy, int batchSize, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = _dialect.Id(subscription.SubscriptionId);
        var position = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            IsPostgres ? FeedSql.LockSubscriptionPostgres : FeedSql.LockSubscriptionSqlite, new { Id = id }, transaction, cancellationToken: cancellationToken));
        if (position is not { } after)
        {
            return 0;
        }

        var events = (await connection.QueryAsync<FanoutRow>(new CommandDefinition(
            FeedSql.FanoutEvents, new { After = after, Limit = batchSize }, transaction, cancellationToken: cancellationToken))).ToList();
        if (events.Count == 0)
        {
            return 0;
        }

        var wanted = events.Where(e => FeedProjection.IsDelivered(e.type, e.province_code, policy, subscription.Filter)).ToList();
        // Which of them start their person's line (and so may be claimed at once); decided under the line lock.
        var fronts = await FrontsAsync(connection, transaction, id, wanted.Select(e => e.person_id).ToList(), cancellationToken);
        await InsertDeliveriesAsync(connection, transaction, id, wanted, fronts, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE feed_subscription SET fanout_seq = @Seq WHERE subscription_id = @Id", new { Id = id, Seq = events[^1].seq }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return wanted.Count;
    }

    // Queues the deliveries: on PostgreSQL one statement with the columns as arrays, on SQLite multi-row inserts.
    private async Task InsertDeliveriesAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, object subscriptionId, List<FanoutRow> wanted, HashSet<int> fronts, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (wanted.Count == 0)
        {
            return;
        }

        if (IsPostgres)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                FeedSql.QueueDeliveriesPostgres,
                new
                {
                    Id = subscriptionId,
                    Now = _dialect.Time(now),
                    Seqs = wanted.Select(e => e.seq).ToArray(),
                    Persons = wanted.Select(e => SqlDialect.ReadId(e.person_id)).ToArray(),
                    Times = wanted.Select(e => SqlDialect.ReadTime(e.occurred_at).UtcDateTime).ToArray(),
                    Heads = wanted.Select((_, i) => (short)(fronts.Contains(i) ? 1 : 0)).ToArray(),
                },
                transaction,
                cancellationToken: cancellationToken));
            return;
        }

        const int RowsPerStatement = 200;
        for (var start = 0; start < wanted.Count; start += RowsPerStatement)
        {
            var chunk = wanted.Skip(start).Take(RowsPerStatement).ToList();
            var parameters = new DynamicParameters();
            parameters.Add("Id", subscriptionId);
            parameters.Add("Now", _dialect.Time(now));
            var sql = new System.Text.StringBuilder("INSERT INTO feed_delivery (subscription_id, seq, person_id, occurred_at, status, next_attempt_at, head) VALUES ");
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add($"s{i}", chunk[i].seq);
                parameters.Add($"p{i}", chunk[i].person_id);
                parameters.Add($"o{i}", chunk[i].occurred_at);
                parameters.Add($"h{i}", fronts.Contains(start + i) ? 1 : 0);
                sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@Id, @s{i}, @p{i}, @o{i}, 'pending', @Now, @h{i})");
            }

            sql.Append(" ON CONFLICT (subscription_id, seq) DO NOTHING");
            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries for <paramref name="nodeId"/> until <paramref name="leaseUntil"/>,
    /// logging each as a new attempt. A delivery is due only when no earlier event of the same person is still waiting
    /// for the same subscription, so a person's events go out in order.
    /// </summary>
    public async Task<IReadOnlyList<DeliveryClaim>> ClaimAsync(string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ClaimRow>(new CommandDefinition(
            IsPostgres ? FeedSql.ClaimPostgres : FeedSql.ClaimSqlite,
            new { Node = nodeId, Now = _dialect.Time(now), Until = _dialect.Time(leaseUntil), Limit = limit },
            transaction,
            cancellationToken: cancellationToken))).ToList();
        var claims = rows
            .Select(r => new DeliveryClaim(r.delivery_id, SqlDialect.ReadId(r.subscription_id), r.seq, SqlDialect.ReadId(r.person_id), r.generation, r.attempts, SqlDialect.ReadTime(r.first_attempt_at), leaseUntil))
            .OrderBy(c => c.Seq)
            .ToList();
        // The primary key (delivery, generation, attempt) makes a second node's identical attempt fail here, in its
        // claim transaction, before anything is sent.
        const int RowsPerStatement = 100;
        for (var start = 0; start < claims.Count; start += RowsPerStatement)
        {
            var chunk = claims.Skip(start).Take(RowsPerStatement).ToList();
            var parameters = new DynamicParameters();
            parameters.Add("Node", nodeId);
            parameters.Add("Now", _dialect.Time(now));
            var sql = new System.Text.StringBuilder("INSERT INTO feed_delivery_attempt (delivery_id, generation, attempt, subscription_id, seq, node_id, started_at) VALUES ");
            for (var i = 0; i < chunk.Count; i++)
            {
                parameters.Add($"d{i}", chunk[i].DeliveryId);
                parameters.Add($"g{i}", chunk[i].Generation);
                parameters.Add($"a{i}", chunk[i].Attempt);
                parameters.Add($"s{i}", _dialect.Id(chunk[i].SubscriptionId));
                parameters.Add($"q{i}", chunk[i].Seq);
                sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@d{i}, @g{i}, @a{i}, @s{i}, @q{i}, @Node, @Now)");
            }

            await connection.ExecuteAsync(new CommandDefinition(sql.ToString(), parameters, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return claims;
    }

    /// <summary>
    /// Records how a claimed attempt ended. Ignored (returns false) when the claim is no longer this node's, because its
    /// lease expired and another node took the delivery.
    /// </summary>
    public async Task<bool> CompleteAsync(
        DeliveryClaim claim, string nodeId, DeliveryOutcome outcome, int? statusCode, string? error, DateTimeOffset nextAttemptAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        await CompleteManyAsync(nodeId, [new DeliveryResult(claim, outcome, statusCode, error, nextAttemptAt, now)], cancellationToken) == 1;

    /// <summary>
    /// Queues a subscription's deliveries from <paramref name="fromSeq"/> on again (dead letters only, or delivered ones
    /// too), as a new generation with fresh attempts. Returns how many were queued.
    /// </summary>
    public async Task<int> ReplayAsync(Guid subscriptionId, long fromSeq, bool deadLettersOnly, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var queued = await connection.ExecuteAsync(new CommandDefinition(
            deadLettersOnly ? FeedSql.Replay + " AND status = 'dead'" : FeedSql.Replay + " AND status IN ('dead', 'delivered')",
            new { Id = _dialect.Id(subscriptionId), From = fromSeq, Now = _dialect.Time(now) },
            transaction,
            cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);

        // Replayed deliveries join their persons' lines: the fronts are recomputed for the whole subscription.
        await MarkHeadsAsync(connection, HeadSql.Recompute, new { Id = _dialect.Id(subscriptionId) }, cancellationToken);
        return queued;
    }

    /// <summary>A subscription's lag, dead letters and last error, or null when there is no such subscription.</summary>
    public async Task<SubscriptionStatus?> GetStatusAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StatusRow>(new CommandDefinition(
            FeedSql.Status, new { Id = _dialect.Id(subscriptionId) }, cancellationToken: cancellationToken));
        return row is null
            ? null
            : new SubscriptionStatus(
                subscriptionId,
                row.latest_seq,
                row.fanout_seq,
                row.pending,
                row.delivered,
                row.dead,
                // Pull: the oldest event the client has not yet acknowledged; webhook: the oldest one waiting to be sent.
                SqlDialect.ReadNullableTime(row.delivery == "pull" ? row.first_unconsumed_at : row.oldest_pending_at),
                row.last_error,
                SqlDialect.ReadNullableTime(row.last_error_at))
            {
                IsPull = row.delivery == "pull",
                ConsumedSeq = row.delivery == "pull" ? row.cursor_seq ?? row.fanout_seq : null,
                ConsumedAt = SqlDialect.ReadNullableTime(row.cursor_at),
            };
    }

    /// <summary>A subscription's dead letters from <paramref name="afterSeq"/>: (sequence number, last error).</summary>
    public async Task<IReadOnlyList<(long Seq, string? Error)>> ListDeadLettersAsync(Guid subscriptionId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long, string?)>(new CommandDefinition(
            "SELECT seq, last_error FROM feed_delivery WHERE subscription_id = @Id AND status = 'dead' AND seq > @After ORDER BY seq LIMIT @Limit",
            new { Id = _dialect.Id(subscriptionId), After = afterSeq, Limit = limit },
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Every logged attempt of a subscription, in order (for audits and tests).</summary>
    public async Task<IReadOnlyList<DeliveryAttempt>> ListAttemptsAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AttemptRow>(new CommandDefinition(
            """
            SELECT delivery_id, generation, attempt, subscription_id, seq, node_id, started_at, outcome, status_code
              FROM feed_delivery_attempt WHERE subscription_id = @Id ORDER BY delivery_id, generation, attempt
            """,
            new { Id = _dialect.Id(subscriptionId) },
            cancellationToken: cancellationToken));
        return rows.Select(r => new DeliveryAttempt(r.delivery_id, r.generation, r.attempt, SqlDialect.ReadId(r.subscription_id), r.seq, r.node_id, SqlDialect.ReadTime(r.started_at), r.outcome, r.status_code)).ToList();
    }

    private static ChangeEvent ToEvent(EventRow row) => new(
        row.seq,
        SqlDialect.ReadId(row.event_id),
        row.type,
        SqlDialect.ReadId(row.person_id),
        row.other_person_id is null ? null : SqlDialect.ReadId(row.other_person_id),
        row.changed_fields is null ? [] : JsonSerializer.Deserialize<List<string>>(row.changed_fields) ?? [],
        row.province_code,
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(row.person) ?? new SortedDictionary<string, string>(StringComparer.Ordinal),
        SqlDialect.ReadTime(row.occurred_at));

    private StoredSubscription ToSubscription(SubscriptionRow row)
    {
        var filter = new SubscriptionFilter(
            (JsonSerializer.Deserialize<List<string>>(row.event_types) ?? []).ToHashSet(StringComparer.Ordinal),
            (JsonSerializer.Deserialize<List<string>>(row.provinces) ?? []).ToHashSet(StringComparer.Ordinal));
        var subscription = new Subscription(
            SqlDialect.ReadId(row.subscription_id),
            row.client_id,
            row.purpose,
            filter,
            row.delivery == "webhook" ? DeliveryMode.Webhook : DeliveryMode.Pull,
            row.url is null ? null : new Uri(row.url),
            row.status == "paused",
            SqlDialect.ReadTime(row.created_at));
        return new StoredSubscription(
            subscription, OpenSecret(row.secret, subscription.SubscriptionId), OpenSecret(row.previous_secret, subscription.SubscriptionId), SqlDialect.ReadNullableTime(row.previous_secret_until), row.last_error, SqlDialect.ReadNullableTime(row.last_error_at));
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class EventRow
    {
        public long seq { get; set; }

        public object event_id { get; set; } = default!;

        public string type { get; set; } = default!;

        public object person_id { get; set; } = default!;

        public object? other_person_id { get; set; }

        public string? changed_fields { get; set; }

        public string? province_code { get; set; }

        public string person { get; set; } = default!;

        public object occurred_at { get; set; } = default!;
    }

    private sealed class FanoutRow
    {
        public long seq { get; set; }

        public string type { get; set; } = default!;

        public object person_id { get; set; } = default!;

        public string? province_code { get; set; }

        public object occurred_at { get; set; } = default!;
    }

    private sealed class SubscriptionRow
    {
        public object subscription_id { get; set; } = default!;

        public string client_id { get; set; } = default!;

        public string purpose { get; set; } = default!;

        public string event_types { get; set; } = default!;

        public string provinces { get; set; } = default!;

        public string delivery { get; set; } = default!;

        public string? url { get; set; }

        public string? secret { get; set; }

        public string? previous_secret { get; set; }

        public object? previous_secret_until { get; set; }

        public string status { get; set; } = default!;

        public string? last_error { get; set; }

        public object? last_error_at { get; set; }

        public object created_at { get; set; } = default!;
    }

    private class ClaimRow
    {
        public long delivery_id { get; set; }

        public object subscription_id { get; set; } = default!;

        public long seq { get; set; }

        public object person_id { get; set; } = default!;

        public int generation { get; set; }

        public int attempts { get; set; }

        public object first_attempt_at { get; set; } = default!;
    }

    private sealed class StatusRow
    {
        public long latest_seq { get; set; }

        public long fanout_seq { get; set; }

        public long pending { get; set; }

        public long delivered { get; set; }

        public long dead { get; set; }

        public object? oldest_pending_at { get; set; }

        public string? last_error { get; set; }

        public object? last_error_at { get; set; }

        public string delivery { get; set; } = default!;

        public long? cursor_seq { get; set; }

        public object? cursor_at { get; set; }

        public object? first_unconsumed_at { get; set; }
    }

    private sealed class AttemptRow
    {
        public long delivery_id { get; set; }

        public int generation { get; set; }

        public int attempt { get; set; }

        public object subscription_id { get; set; } = default!;

        public long seq { get; set; }

        public string node_id { get; set; } = default!;

        public object started_at { get; set; } = default!;

        public string? outcome { get; set; }

        public int? status_code { get; set; }
    }
#pragma warning restore IDE1006, CA1812

    private static class FeedSql
    {
        private const string EventColumns = "seq, event_id, type, person_id, other_person_id, changed_fields, province_code, person, occurred_at";

        public const string ReadEvents = "SELECT " + EventColumns + " FROM change_event WHERE seq > @After ORDER BY seq LIMIT @Limit";

        public const string EventsBySeqPostgres = "SELECT " + EventColumns + " FROM change_event WHERE seq = ANY(@Seqs)";

        public const string EventsBySeqSqlite = "SELECT " + EventColumns + " FROM change_event WHERE seq IN @Seqs";

        public const string FanoutEvents = "SELECT seq, type, person_id, province_code, occurred_at FROM change_event WHERE seq > @After ORDER BY seq LIMIT @Limit";

        public const string QueueDeliveriesPostgres = """
            INSERT INTO feed_delivery (subscription_id, seq, person_id, occurred_at, status, next_attempt_at, head)
            SELECT @Id, u.seq, u.person_id, u.occurred_at, 'pending', @Now, u.head
              FROM unnest(@Seqs::bigint[], @Persons::uuid[], @Times::timestamptz[], @Heads::smallint[]) AS u(seq, person_id, occurred_at, head)
            ON CONFLICT (subscription_id, seq) DO NOTHING
            """;

        public const string InsertSubscription = """
            INSERT INTO feed_subscription (subscription_id, client_id, purpose, event_types, provinces, delivery, url, secret, status, fanout_seq, created_at, updated_at)
            VALUES (@Id, @ClientId, @Purpose, @EventTypes, @Provinces, @Delivery, @Url, @Secret, @Status, @FanoutSeq, @CreatedAt, @CreatedAt)
            """;

        public const string SelectSubscriptions = """
            SELECT subscription_id, client_id, purpose, event_types, provinces, delivery, url, secret, previous_secret, previous_secret_until,
                   status, last_error, last_error_at, created_at
              FROM feed_subscription
            """;

        public const string LockSubscriptionPostgres =
            "SELECT fanout_seq FROM feed_subscription WHERE subscription_id = @Id AND status = 'active' FOR UPDATE SKIP LOCKED";

        public const string LockSubscriptionSqlite = "SELECT fanout_seq FROM feed_subscription WHERE subscription_id = @Id AND status = 'active'";

        // Due: waiting at the front of its person's line (head), its time come, not leased (or the lease expired: the node holding it died), its subscription
        // active, and no earlier event of the same person still waiting for the same subscription.
        private const string Due = """
            SELECT d.delivery_id FROM feed_delivery d
              JOIN feed_subscription s ON s.subscription_id = d.subscription_id AND s.status = 'active'
             WHERE d.status = 'pending' AND d.head = 1 AND d.next_attempt_at <= @Now AND (d.claimed_until IS NULL OR d.claimed_until < @Now)
               AND NOT EXISTS (SELECT 1 FROM feed_delivery e
                                WHERE e.subscription_id = d.subscription_id AND e.person_id = d.person_id AND e.status = 'pending' AND e.seq < d.seq)
             ORDER BY d.seq
             LIMIT @Limit
            """;

        private const string ClaimUpdate = """
            UPDATE feed_delivery
               SET claimed_by = @Node, claimed_until = @Until, attempts = attempts + 1, first_attempt_at = COALESCE(first_attempt_at, @Now)
             WHERE delivery_id IN (
            """;

        private const string ClaimReturning = """
            )
            RETURNING delivery_id, subscription_id, seq, person_id, generation, attempts, first_attempt_at
            """;

        public const string ClaimPostgres = ClaimUpdate + Due + " FOR UPDATE OF d SKIP LOCKED" + ClaimReturning;

        public const string ClaimSqlite = ClaimUpdate + Due + ClaimReturning;

        public const string Replay = """
            UPDATE feed_delivery
               SET status = 'pending', attempts = 0, generation = generation + 1, next_attempt_at = @Now, first_attempt_at = NULL,
                   claimed_by = NULL, claimed_until = NULL, last_error = NULL, delivered_at = NULL
             WHERE subscription_id = @Id AND seq >= @From
            """;

        public const string Status = """
            SELECT (SELECT COALESCE(MAX(seq), 0) FROM change_event) AS latest_seq,
                   s.fanout_seq,
                   (SELECT COUNT(*) FROM feed_delivery d WHERE d.subscription_id = s.subscription_id AND d.status = 'pending') AS pending,
                   (SELECT COUNT(*) FROM feed_delivery d WHERE d.subscription_id = s.subscription_id AND d.status = 'delivered') AS delivered,
                   (SELECT COUNT(*) FROM feed_delivery d WHERE d.subscription_id = s.subscription_id AND d.status = 'dead') AS dead,
                   (SELECT MIN(d.occurred_at) FROM feed_delivery d WHERE d.subscription_id = s.subscription_id AND d.status = 'pending') AS oldest_pending_at,
                   s.last_error, s.last_error_at, s.delivery, s.cursor_seq, s.cursor_at,
                   (SELECT ce.occurred_at FROM change_event ce WHERE ce.seq > COALESCE(s.cursor_seq, s.fanout_seq) ORDER BY ce.seq LIMIT 1) AS first_unconsumed_at
              FROM feed_subscription s WHERE s.subscription_id = @Id
            """;
    }
}
