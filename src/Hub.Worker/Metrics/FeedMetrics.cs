using System.Diagnostics.Metrics;
using System.Globalization;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Webhook delivery indicators on the meter <see cref="HubMetrics.MeterName"/>: attempts, failures and dead letters
/// per subscription, counted by the process that delivers (scrape every delivering node). Lag, the same on every
/// node, comes from the database (<see cref="FeedLagMetrics"/>). The only label is the subscription id: never its
/// URL, which may carry a secret.
/// </summary>
public sealed class FeedMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deadLetters;

    /// <summary>Creates the instruments on the hub's meter from <paramref name="meterFactory"/>.</summary>
    public FeedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HubMetrics.MeterName);
        _attempts = meter.CreateCounter<long>("hub.feed.delivery.attempts", "{attempt}", "Webhook delivery attempts by subscription.");
        _failures = meter.CreateCounter<long>("hub.feed.delivery.failures", "{attempt}", "Webhook delivery attempts that failed (error status, timeout, connection or open circuit) by subscription.");
        _deadLetters = meter.CreateCounter<long>("hub.feed.dead_letters", "{event}", "Events dead-lettered (no more retries) by subscription.");
    }

    /// <summary>Counts one sent (or refused by an open circuit) delivery attempt and how it ended.</summary>
    public void RecordAttempt(Guid subscriptionId, bool failed, bool deadLettered)
    {
        var tag = Tag(subscriptionId);
        _attempts.Add(1, tag);
        if (failed)
        {
            _failures.Add(1, tag);
        }

        if (deadLettered)
        {
            _deadLetters.Add(1, tag);
        }
    }

    private static KeyValuePair<string, object?> Tag(Guid subscriptionId) =>
        new("subscription", subscriptionId.ToString("D", CultureInfo.InvariantCulture));
}
