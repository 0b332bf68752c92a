using System.Diagnostics.Metrics;
using System.Globalization;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Each webhook subscription's lag, read from the database when a scrape comes (in one query, reused for
/// <see cref="MetricsOptions.FeedLagCacheDuration"/>), so that every node reports the same values whichever node
/// delivers, and paused subscriptions too: gauges <c>hub.feed.lag.events</c>, <c>hub.feed.lag</c> (seconds),
/// <c>hub.feed.dead_letters.held</c> and <c>hub.feed.subscription.paused</c>, labelled by subscription id only
/// (never the URL, which may carry a secret).
/// </summary>
public sealed partial class FeedLagMetrics : IScrapeRefresh, IDisposable
{
    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cacheDuration;
    private readonly ILogger<FeedLagMetrics> _logger;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    // One reference, swapped whole: a scrape never sees one read's rows with another read's time.
    private volatile Snapshot _snapshot = new([], DateTimeOffset.MinValue);

    /// <summary>Creates the gauges on the hub's meter from <paramref name="meterFactory"/>.</summary>
    public FeedLagMetrics(IMeterFactory meterFactory, HubDatabase database, TimeProvider time, MetricsOptions options, ILogger<FeedLagMetrics> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _time = time;
        _cacheDuration = options.FeedLagCacheDuration;
        _logger = logger;
        var meter = meterFactory.Create(HubMetrics.MeterName);
        meter.CreateObservableGauge("hub.feed.lag.events", () => Observe((l, _) => l.LagEvents), "{event}", "Events not yet delivered to a webhook subscription (waiting, plus not yet considered), from the database.");
        meter.CreateObservableGauge("hub.feed.lag", () => Observe((l, readAt) => l.LagSeconds(readAt)), "s", "Age of the oldest event not yet delivered to a webhook subscription (0 when none is owed), from the database.");
        meter.CreateObservableGauge("hub.feed.dead_letters.held", () => Observe((l, _) => l.DeadLetters), "{event}", "Dead letters a webhook subscription holds now (until replayed), from the database.");
        meter.CreateObservableGauge("hub.feed.subscription.paused", () => Observe((l, _) => l.Paused ? 1 : 0), "", "1 when delivery to a webhook subscription is paused, else 0.");
    }

    /// <summary>Reads every subscription's lag again unless the last read is younger than the cache duration.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - _snapshot.ReadAt < _cacheDuration)
        {
            return;
        }

        // Concurrent scrapes share one read.
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            var now = _time.GetUtcNow();
            if (now - _snapshot.ReadAt < _cacheDuration)
            {
                return;
            }

            // A pull subscription's lag runs from the position its client acknowledged (each pull's `after`).
            _snapshot = new([.. await _database.Feeds.ListLagAsync(cancellationToken)], now);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The scrape still answers with everything else, and the last values read; the error is logged.
            LogReadFailed(_logger, ex);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _refresh.Dispose();

    private IEnumerable<Measurement<double>> Observe(Func<SubscriptionLag, DateTimeOffset, double> value)
    {
        var snapshot = _snapshot;
        return snapshot.Lag.Select(l => new Measurement<double>(value(l, snapshot.ReadAt), new KeyValuePair<string, object?>("subscription", l.SubscriptionId.ToString("D", CultureInfo.InvariantCulture))));
    }

    private sealed record Snapshot(IReadOnlyList<SubscriptionLag> Lag, DateTimeOffset ReadAt);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Reading feed lag for /metrics failed; the last values read are served.")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);
}
