namespace IntegrationHub.Connectors.Contract;

/// <summary>A message for a sink: an idempotency key (receivers drop a key seen before) and a JSON body.</summary>
public sealed record SinkMessage(string Id, DateTimeOffset Timestamp, string Body);

/// <summary>What a sink did with a batch: the ids it acknowledged; the rest are to be retried.</summary>
public sealed record SinkAcknowledgement(IReadOnlyList<string> Acknowledged, IReadOnlyList<SinkFailure> Failed);

/// <summary>A message a sink could not deliver, and whether a retry may help.</summary>
public sealed record SinkFailure(string Id, string Reason, bool IsTransient);

/// <summary>A destination the hub pushes batches to (webhooks for feeds, files, another system).</summary>
public interface ISinkConnector
{
    /// <summary>The kind of sink (e.g. <c>webhook</c>).</summary>
    string Kind { get; }

    /// <summary>Delivers a batch and acknowledges what arrived.</summary>
    Task<SinkAcknowledgement> WriteAsync(IReadOnlyList<SinkMessage> batch, CancellationToken cancellationToken);
}
