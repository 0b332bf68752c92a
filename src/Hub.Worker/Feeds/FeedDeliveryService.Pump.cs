using System.Collections.Concurrent;
using System.Threading.Channels;
using IntegrationHub.Storage.Feeds;

namespace IntegrationHub.Worker.Feeds;

public sealed partial class FeedDeliveryService
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _slots = new(StringComparer.Ordinal);

    // How long a finished attempt may wait to be recorded with others: recording frees the person's next event, so
    // this bounds what batching adds to a person's latency.
    private static readonly TimeSpan RecordDelay = TimeSpan.FromMilliseconds(5);

    // How often a node repairs the marks of the persons' lines that a race between nodes may leave unset.
    private static readonly TimeSpan HeadRepairInterval = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(_logger, NodeId);
        var pump = new Pump(Channel.CreateUnbounded<DeliveryResult>(new UnboundedChannelOptions { SingleReader = true }));
        var queueing = QueueLoopAsync(stoppingToken);
        var recording = RecordLoopAsync(pump, stoppingToken);
        await ClaimLoopAsync(pump, stoppingToken);
        await recording;
        await queueing;
    }

    /// <summary>
    /// Claims and sends. Up to <see cref="FeedDeliveryOptions.MaxConcurrency"/> claimed deliveries are in the node at
    /// once (each endpoint gets at most <see cref="FeedDeliveryOptions.MaxInFlightPerEndpoint"/> requests of them at a
    /// time); a new batch is claimed as soon as enough room is free, while the requests already claimed are being
    /// sent and <see cref="RecordLoopAsync"/> records the finished ones. A person's next event becomes due only once
    /// the previous one is recorded, so order is kept.
    /// </summary>
    private async Task ClaimLoopAsync(Pump pump, CancellationToken stoppingToken)
    {
        var claimThreshold = Math.Max(1, Math.Min(_options.BatchSize, _options.MaxConcurrency) / 2);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var room = _options.MaxConcurrency - Volatile.Read(ref pump.InFlight);
                if (room >= claimThreshold)
                {
                    var wanted = Math.Min(room, _options.BatchSize);
                    var work = await ClaimAsync(wanted, stoppingToken);
                    Interlocked.Add(ref pump.InFlight, work.Count);
                    foreach (var item in work)
                    {
                        // Requests are not cancelled by a stop: each is bounded by RequestTimeout, and its outcome is
                        // recorded, so a graceful stop leaves no lease behind to expire.
                        _ = SendInBackgroundAsync(item, pump.Finished.Writer, CancellationToken.None);
                    }

                    if (work.Count == wanted && Volatile.Read(ref pump.InFlight) < _options.MaxConcurrency)
                    {
                        continue; // More may be due, and there is room for it.
                    }
                }

                // Until outcomes were recorded (room, and perhaps persons' next events, became free) or the poll interval.
                await pump.Recorded.WaitAsync(_options.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive a database restart; the error is logged and the pass retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(_logger, ex);
                await Task.Delay(_options.PollInterval * 5, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>
    /// Records outcomes in batches: whatever finished since the last batch, in one transaction. On a stop it goes on
    /// until the requests in flight have finished and been recorded (bounded by the request timeout).
    /// </summary>
    private async Task RecordLoopAsync(Pump pump, CancellationToken stoppingToken)
    {
        long? stopping = null;
        while (true)
        {
            if (stoppingToken.IsCancellationRequested)
            {
                stopping ??= _time.GetTimestamp();
                if (Volatile.Read(ref pump.InFlight) == 0 || _time.GetElapsedTime(stopping.Value) > _options.RequestTimeout + TimeSpan.FromSeconds(1))
                {
                    return;
                }
            }

            if (await WaitAsync(pump.Finished.Reader, _options.PollInterval, CancellationToken.None))
            {
                // A moment more, so that several outcomes go in one transaction.
                await Task.Delay(RecordDelay, _time, CancellationToken.None);
            }

            var done = Drain(pump.Finished.Reader);
            if (done.Count == 0)
            {
                continue;
            }

            try
            {
                await RecordAsync(done, CancellationToken.None);
            }
#pragma warning disable CA1031 // The loop must outlive a database restart; the error is logged and the pass retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                // Outcomes that could not be recorded are lost with their claims; the leases expire and another
                // attempt is made (the attempt log shows the unfinished one).
                LogPassFailed(_logger, ex);
            }

            Interlocked.Add(ref pump.InFlight, -done.Count);
            if (pump.Recorded.CurrentCount == 0)
            {
                pump.Recorded.Release();
            }
        }
    }

    /// <summary>What the claim and record loops share.</summary>
    private sealed class Pump(Channel<DeliveryResult> finished)
    {
        /// <summary>Claimed deliveries not yet recorded.</summary>
        public int InFlight;

        /// <summary>Outcomes waiting to be recorded.</summary>
        public Channel<DeliveryResult> Finished { get; } = finished;

        /// <summary>Released when a batch was recorded.</summary>
        public SemaphoreSlim Recorded { get; } = new(0);
    }

    /// <summary>
    /// Queues new events for the webhook subscriptions, beside the delivery loop so that neither waits for the other:
    /// at once again while there were new events, else after the poll interval. Every <see cref="HeadRepairInterval"/>
    /// it also repairs the marks of the persons' lines (<see cref="FeedStore.RepairHeadsAsync"/>).
    /// </summary>
    private async Task QueueLoopAsync(CancellationToken stoppingToken)
    {
        var repairedAt = _time.GetTimestamp();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var queued = await _database.Feeds.FanOutAsync(_policies, _options.FanOutBatchSize, _time.GetUtcNow(), stoppingToken);
                if (_time.GetElapsedTime(repairedAt) >= HeadRepairInterval)
                {
                    await _database.Feeds.RepairHeadsAsync(stoppingToken);
                    repairedAt = _time.GetTimestamp();
                }

                if (queued == 0)
                {
                    await Task.Delay(_options.PollInterval, _time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive a database restart; the error is logged and the pass retried.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogPassFailed(_logger, ex);
                await Task.Delay(_options.PollInterval * 5, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private static List<DeliveryResult> Drain(ChannelReader<DeliveryResult> finished)
    {
        var results = new List<DeliveryResult>();
        while (finished.TryRead(out var result))
        {
            results.Add(result);
        }

        return results;
    }

    // True when an outcome is ready; false after the timeout. Throws only when cancellationToken is cancelled.
    private static async Task<bool> WaitAsync(ChannelReader<DeliveryResult> finished, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            return await finished.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task SendInBackgroundAsync(ClaimedDelivery item, ChannelWriter<DeliveryResult> finished, CancellationToken cancellationToken)
    {
        await Task.Yield();
        DeliveryResult result;
        try
        {
            result = await item.SendAsync(this, cancellationToken);
        }
#pragma warning disable CA1031 // Whatever went wrong, the attempt must be accounted for: it is retried.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var now = _time.GetUtcNow();
            result = new DeliveryResult(item.Claim, DeliveryOutcome.Retry, null, "not sent: " + ex.GetType().Name, now + _options.BackoffBase, now);
        }

        finished.TryWrite(result);
    }

    // One limit per endpoint (scheme, host and port), like the breaker.
    private SemaphoreSlim Slots(Uri url) => _slots.GetOrAdd(url.GetLeftPart(UriPartial.Authority), _ => new SemaphoreSlim(_options.MaxInFlightPerEndpoint));
}
