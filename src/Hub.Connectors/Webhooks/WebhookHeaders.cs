namespace IntegrationHub.Connectors.Webhooks;

/// <summary>The HTTP headers of a Standard Webhooks delivery.</summary>
public static class WebhookHeaders
{
    /// <summary><c>webhook-id</c>: the message id, which is also the idempotency key (the same on every retry).</summary>
    public const string Id = "webhook-id";

    /// <summary><c>webhook-timestamp</c>: when this attempt was signed, in Unix seconds.</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary><c>webhook-signature</c>: space-separated <c>v1,&lt;base64 HMAC-SHA256&gt;</c> signatures, one per active secret.</summary>
    public const string Signature = "webhook-signature";
}
