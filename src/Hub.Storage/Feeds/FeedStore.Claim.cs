using Dapper;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Feeds;

public sealed partial class FeedStore
{
    /// <summary>
    /// <see cref="ClaimAsync"/>, returning the claimed deliveries' events with them. On PostgreSQL the claim, the
    /// attempt log and the event read are one statement (one round trip, atomic on its own); on SQLite, where there is
    /// no round trip to save, it is the claim transaction followed by the read.
    /// </summary>
    public async Task<(IReadOnlyList<DeliveryClaim> Claims, IReadOnlyDictionary<long, ChangeEvent> Events)> ClaimWithEventsAsync(
        string nodeId, int limit, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        if (!IsPostgres)
        {
            var claims = await ClaimAsync(nodeId, limit, now, leaseUntil, cancellationToken);
            return (claims, await GetEventsAsync(claims.Select(c => c.Seq).ToList(), cancellationToken));
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<ClaimEventRow>(new CommandDefinition(
            ClaimWithEventsSql,
            new { Node = nodeId, Now = _dialect.Time(now), Until = _dialect.Time(leaseUntil), Limit = limit },
            cancellationToken: cancellationToken))).OrderBy(r => r.seq).ToList();
        var claimed = rows
            .Select(r => new DeliveryClaim(r.delivery_id, SqlDialect.ReadId(r.subscription_id), r.seq, SqlDialect.ReadId(r.person_id), r.generation, r.attempts, SqlDialect.ReadTime(r.first_attempt_at), leaseUntil))
            .ToList();
        var events = rows
            .Where(r => r.event_id is not null)
            .GroupBy(r => r.seq)
            .ToDictionary(g => g.Key, g => ToEvent(g.First().ToEventRow()));
        return (claimed, events);
    }

    // The claim (as ClaimPostgres), its attempt log and the events, in one statement. The primary key of the attempt log
    // still makes a second node's identical attempt fail before anything is sent.
    private const string ClaimWithEventsSql =
        "WITH claimed AS (" + FeedSql.ClaimPostgres + """
            ),
            logged AS (
                INSERT INTO feed_delivery_attempt (delivery_id, generation, attempt, subscription_id, seq, node_id, started_at)
                SELECT delivery_id, generation, attempts, subscription_id, seq, @Node, @Now FROM claimed
            )
            SELECT c.delivery_id, c.subscription_id, c.seq, c.person_id, c.generation, c.attempts, c.first_attempt_at,
                   ev.event_id, ev.type, ev.other_person_id, ev.changed_fields, ev.province_code, ev.person, ev.occurred_at
              FROM claimed c LEFT JOIN change_event ev ON ev.seq = c.seq
            """;

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates this.
    // A claimed delivery with its event, read in the same statement.
    private sealed class ClaimEventRow : ClaimRow
    {
        public object? event_id { get; set; }

        public string type { get; set; } = default!;

        public object? other_person_id { get; set; }

        public string? changed_fields { get; set; }

        public string? province_code { get; set; }

        public string person { get; set; } = default!;

        public object occurred_at { get; set; } = default!;

        public EventRow ToEventRow() => new()
        {
            seq = seq,
            event_id = event_id!,
            type = type,
            person_id = person_id,
            other_person_id = other_person_id,
            changed_fields = changed_fields,
            province_code = province_code,
            person = person,
            occurred_at = occurred_at,
        };
    }
#pragma warning restore IDE1006, CA1812
}
