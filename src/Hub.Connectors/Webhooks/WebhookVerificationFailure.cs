namespace IntegrationHub.Connectors.Webhooks;

/// <summary>Why a webhook delivery failed verification.</summary>
public enum WebhookVerificationFailure
{
    /// <summary>It did not fail: the delivery is authentic and fresh.</summary>
    None = 0,

    /// <summary>One or more of <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> is missing or empty.</summary>
    MissingHeader,

    /// <summary><c>webhook-timestamp</c> is not a whole number of Unix seconds.</summary>
    InvalidTimestamp,

    /// <summary>The timestamp is older than the tolerance allows: a replayed or long-delayed message.</summary>
    TimestampTooOld,

    /// <summary>The timestamp is further in the future than the tolerance allows (a forged timestamp or a badly wrong clock).</summary>
    TimestampTooNew,

    /// <summary>No <c>v1</c> signature matches any configured secret: a wrong secret, or an altered id, timestamp or body.</summary>
    NoMatchingSignature,
}
