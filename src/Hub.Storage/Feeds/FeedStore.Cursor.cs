using Dapper;

namespace IntegrationHub.Storage.Feeds;

public sealed partial class FeedStore
{
    /// <summary>
    /// Records that a pull subscription's client has consumed every event up to <paramref name="seq"/>. The position
    /// only moves forward: asking again from an earlier point (to re-read) does not lower it. False when there is no
    /// such pull subscription or the position did not move.
    /// </summary>
    public async Task<bool> AcknowledgeAsync(Guid subscriptionId, long seq, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seq);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE feed_subscription SET cursor_seq = @Seq, cursor_at = @Now
             WHERE subscription_id = @Id AND delivery = 'pull' AND COALESCE(cursor_seq, fanout_seq) < @Seq
            """,
            new { Id = _dialect.Id(subscriptionId), Seq = seq, Now = _dialect.Time(now) },
            cancellationToken: cancellationToken)) > 0;
    }
}
