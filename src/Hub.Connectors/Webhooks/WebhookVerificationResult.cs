namespace IntegrationHub.Connectors.Webhooks;

/// <summary>The outcome of <see cref="WebhookVerifier.Verify(string?, string?, string?, string)"/>.</summary>
public sealed class WebhookVerificationResult
{
    private WebhookVerificationResult(WebhookVerificationFailure failure, string? reason, string? messageId, DateTimeOffset? timestamp)
    {
        Failure = failure;
        Reason = reason;
        MessageId = messageId;
        Timestamp = timestamp;
    }

    /// <summary>Whether the delivery is authentic and fresh; only then act on the body.</summary>
    public bool IsValid => Failure == WebhookVerificationFailure.None;

    /// <summary>Why verification failed, or <see cref="WebhookVerificationFailure.None"/>.</summary>
    public WebhookVerificationFailure Failure { get; }

    /// <summary>A sentence saying why verification failed, safe to log (never contains a secret); <see langword="null"/> when valid.</summary>
    public string? Reason { get; }

    /// <summary>The verified message id, the idempotency key: a receiver skips an id it has processed before. Set only when valid.</summary>
    public string? MessageId { get; }

    /// <summary>The verified signing time. Set only when valid.</summary>
    public DateTimeOffset? Timestamp { get; }

    internal static WebhookVerificationResult Valid(string messageId, DateTimeOffset timestamp) =>
        new(WebhookVerificationFailure.None, null, messageId, timestamp);

    internal static WebhookVerificationResult Invalid(WebhookVerificationFailure failure, string reason) =>
        new(failure, reason, null, null);

    /// <summary>"valid", or the failure and its reason.</summary>
    public override string ToString() => IsValid ? "valid" : $"{Failure}: {Reason}";
}
