using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using IntegrationHub.Storage.Feeds;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Webhook delivery indicators on the meter <see cref="HubMetrics.MeterName"/>: attempts, failures and dead letters
/// per subscription (counters), and each webhook subscription's lag in events and seconds (gauges, from the last
/// status the delivery loop read). The only label is the subscription id: never its URL, which may carry a secret.
/// </summary>
public sealed class FeedMetrics
{
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _deadLetters;
    private readonly ConcurrentDictionary<Guid, (long Events, double Seconds)> _lag = new();

    /// <summary>Creates the instruments on the hub's meter from <paramref name="meterFactory"/>.</summary>
    public FeedMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(HubMetrics.MeterName);
        _attempts = meter.CreateCounter<long>("hub.feed.delivery.attempts", "{attempt}", "Webhook delivery attempts by subscription.");
        _failures = meter.CreateCounter<long>("hub.feed.delivery.failures", "{attempt}", "Webhook delivery attempts that failed (error status, timeout, connection or open circuit) by subscription.");
        _deadLetters = meter.CreateCounter<long>("hub.feed.dead_letters", "{event}", "Events dead-lettered (no more retries) by subscription.");
        meter.CreateObservableGauge("hub.feed.lag.events", () => Lag(l => l.Events), "{event}", "Events not yet delivered to a webhook subscription (waiting, plus not yet considered).");
        meter.CreateObservableGauge("hub.feed.lag", () => Lag(l => l.Seconds), "s", "Age of the oldest event waiting for delivery to a webhook subscription (0 when none waits).");
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

    /// <summary>Replaces the lag of every webhook subscription with <paramref name="statuses"/> read at <paramref name="now"/>.</summary>
    public void UpdateLag(IReadOnlyCollection<SubscriptionStatus> statuses, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses)
        {
            var seconds = status is { Pending: > 0, OldestPendingAt: { } oldest } ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
            _lag[status.SubscriptionId] = (status.LagEvents, seconds);
        }

        // Deleted subscriptions stop reporting.
        foreach (var gone in _lag.Keys.Except(statuses.Select(s => s.SubscriptionId)).ToList())
        {
            _lag.TryRemove(gone, out _);
        }
    }

    private static KeyValuePair<string, object?> Tag(Guid subscriptionId) =>
        new("subscription", subscriptionId.ToString("D", CultureInfo.InvariantCulture));

    private IEnumerable<Measurement<double>> Lag(Func<(long Events, double Seconds), double> value) =>
        _lag.Select(l => new Measurement<double>(value(l.Value), Tag(l.Key)));
}
