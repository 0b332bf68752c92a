using System.Text.Json.Nodes;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// The overview's feed summary: one entry per subscription with its client, kind, lag and dead letters, read from
/// the same status the subscription API reports (<c>GET /api/v1/subscriptions/{id}/status</c>). It names neither the
/// webhook's URL nor any secret, so that engineers and auditors may see it.
/// </summary>
internal static partial class OverviewApi
{
    private static async Task<JsonArray> FeedSummaryAsync(HubDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        var feeds = new JsonArray();
        var now = time.GetUtcNow();
        foreach (var stored in await database.Feeds.ListSubscriptionsAsync(cancellationToken))
        {
            var s = stored.Subscription;
            // A subscription deleted between the two reads is left out.
            if (await database.Feeds.GetStatusAsync(s.SubscriptionId, cancellationToken) is not { } status)
            {
                continue;
            }

            var lagSeconds = status.OldestPendingAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
            feeds.Add(new JsonObject
            {
                ["subscriptionId"] = s.SubscriptionId,
                ["clientId"] = s.ClientId,
                ["kind"] = s.Mode == DeliveryMode.Webhook ? "webhook" : "pull",
                ["lagEvents"] = status.LagEvents,
                ["lagSeconds"] = Math.Round(lagSeconds, 3),
                ["deadLetters"] = status.DeadLetters,
                ["paused"] = s.Paused,
            });
        }

        return feeds;
    }
}
