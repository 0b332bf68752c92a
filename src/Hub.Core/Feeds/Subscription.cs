namespace IntegrationHub.Core.Feeds;

/// <summary>How a subscription receives its events.</summary>
public enum DeliveryMode
{
    /// <summary>The subscriber reads <c>GET /api/v1/feeds/{subscription}?after=</c> with its own cursor.</summary>
    Pull = 1,

    /// <summary>The hub POSTs each event, signed, to the subscriber's URL.</summary>
    Webhook,
}

/// <summary>
/// A client's standing request for change events, for one purpose. The client's access policy for that purpose
/// decides which types and fields it receives; <see cref="Filter"/> can only narrow that.
/// </summary>
/// <param name="SubscriptionId">The subscription's id (the <c>{subscription}</c> of the pull URL).</param>
/// <param name="ClientId">The receiving client.</param>
/// <param name="Purpose">The purpose (legal basis) code its policy is looked up by.</param>
/// <param name="Filter">Event types and province codes asked for.</param>
/// <param name="Mode">Pull or webhook.</param>
/// <param name="Url">The webhook URL (webhook only).</param>
/// <param name="Paused">Whether delivery is paused (events still queue; nothing is sent).</param>
/// <param name="CreatedAt">When it was created.</param>
public sealed record Subscription(
    Guid SubscriptionId,
    string ClientId,
    string Purpose,
    SubscriptionFilter Filter,
    DeliveryMode Mode,
    Uri? Url,
    bool Paused,
    DateTimeOffset CreatedAt);
