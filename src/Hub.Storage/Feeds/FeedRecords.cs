using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Storage.Feeds;

/// <summary>A subscription with what delivery needs beyond its public shape: the signing secrets.</summary>
/// <param name="Subscription">The subscription.</param>
/// <param name="Secret">The current signing secret's text (<c>whsec_...</c>), webhook only.</param>
/// <param name="PreviousSecret">The secret being rotated out, still signed with until <paramref name="PreviousSecretUntil"/>.</param>
/// <param name="PreviousSecretUntil">When the previous secret stops being used.</param>
/// <param name="LastError">The last delivery error, if any.</param>
/// <param name="LastErrorAt">When it happened.</param>
public sealed record StoredSubscription(
    Subscription Subscription,
    string? Secret,
    string? PreviousSecret,
    DateTimeOffset? PreviousSecretUntil,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>The secrets to sign with at <paramref name="now"/>: the current one, and the previous one during its overlap.</summary>
    public IReadOnlyList<string> ActiveSecrets(DateTimeOffset now)
    {
        var secrets = new List<string>(2);
        if (Secret is not null)
        {
            secrets.Add(Secret);
        }

        if (PreviousSecret is not null && PreviousSecretUntil is { } until && now < until)
        {
            secrets.Add(PreviousSecret);
        }

        return secrets;
    }

    /// <summary>Hides the secrets from logs and debugger displays.</summary>
    public override string ToString() => $"StoredSubscription {{ {Subscription.SubscriptionId}, secrets redacted }}";
}

/// <summary>One delivery attempt claimed by a node: it owns it until <see cref="ClaimedUntil"/>.</summary>
public sealed record DeliveryClaim(
    long DeliveryId,
    Guid SubscriptionId,
    long Seq,
    Guid PersonId,
    int Generation,
    int Attempt,
    DateTimeOffset FirstAttemptAt,
    DateTimeOffset ClaimedUntil);

/// <summary>How a claimed attempt ended.</summary>
public enum DeliveryOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered = 1,

    /// <summary>It failed and will be tried again at the given time.</summary>
    Retry,

    /// <summary>It failed and hit the attempt or age limit: dead-lettered until replayed.</summary>
    Dead,

    /// <summary>Not sent: the subscriber's policy no longer allows the event.</summary>
    Skipped,
}

/// <summary>A subscription's delivery state.</summary>
/// <param name="SubscriptionId">The subscription.</param>
/// <param name="LatestSeq">The newest event in the feed.</param>
/// <param name="FanoutSeq">The newest event considered for this subscription's deliveries (webhook).</param>
/// <param name="Pending">Deliveries waiting or in flight.</param>
/// <param name="Delivered">Deliveries done.</param>
/// <param name="DeadLetters">Deliveries dead-lettered.</param>
/// <param name="OldestPendingAt">When the oldest waiting event happened (pull: the oldest event after the acknowledged position).</param>
/// <param name="LastError">The last error.</param>
/// <param name="LastErrorAt">When it happened.</param>
public sealed record SubscriptionStatus(
    Guid SubscriptionId,
    long LatestSeq,
    long FanoutSeq,
    long Pending,
    long Delivered,
    long DeadLetters,
    DateTimeOffset? OldestPendingAt,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    /// <summary>Whether it is a pull subscription (its lag is measured from the position its client acknowledged).</summary>
    public bool IsPull { get; init; }

    /// <summary>Pull: the position the client has acknowledged (the highest <c>after</c> it asked with; at first, the feed's head when the subscription was created).</summary>
    public long? ConsumedSeq { get; init; }

    /// <summary>Pull: when the client last moved its position forward.</summary>
    public DateTimeOffset? ConsumedAt { get; init; }

    /// <summary>
    /// Events not yet delivered. Webhook: those waiting, plus those not yet considered. Pull: the events after the
    /// acknowledged position (all of them, including any the client's policy or filter will pass over).
    /// </summary>
    public long LagEvents => IsPull ? Math.Max(0, LatestSeq - (ConsumedSeq ?? 0)) : Pending + Math.Max(0, LatestSeq - FanoutSeq);
}

/// <summary>One logged attempt: which node sent which attempt of which delivery, and how it ended.</summary>
public sealed record DeliveryAttempt(
    long DeliveryId,
    int Generation,
    int Attempt,
    Guid SubscriptionId,
    long Seq,
    string NodeId,
    DateTimeOffset StartedAt,
    string? Outcome,
    int? StatusCode);

/// <summary>How one claimed attempt ended, to record with <see cref="FeedStore.CompleteManyAsync"/>.</summary>
/// <param name="Claim">The claim.</param>
/// <param name="Outcome">Delivered, retry, dead or skipped.</param>
/// <param name="StatusCode">The receiver's HTTP status, when it answered.</param>
/// <param name="Error">What went wrong, when something did (never the body or a secret).</param>
/// <param name="NextAttemptAt">When to try again (retry).</param>
/// <param name="At">When the attempt ended.</param>
public sealed record DeliveryResult(DeliveryClaim Claim, DeliveryOutcome Outcome, int? StatusCode, string? Error, DateTimeOffset NextAttemptAt, DateTimeOffset At);
