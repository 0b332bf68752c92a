using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using IntegrationHub.Connectors.Webhooks;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using IntegrationHub.Worker.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace IntegrationHub.Worker.Feeds;

/// <summary>
/// Pushes change events to webhook subscriptions: queues new events per subscription, claims due deliveries (shared
/// with other nodes through row locks and leases), signs each per Standard Webhooks and POSTs it. Failures are retried
/// later with exponential backoff and jitter (the schedule is stored, so any node may retry), dead-lettered after
/// <see cref="FeedDeliveryOptions.MaxAttempts"/> attempts or <see cref="FeedDeliveryOptions.MaxAge"/>, and each
/// endpoint has a Polly circuit breaker and timeout. Runs in Hub.Api (embedded) or in a worker process.
/// </summary>
public sealed partial class FeedDeliveryService : BackgroundService
{
    private readonly HubDatabase _database;
    private readonly IAccessPolicyReader _policies;
    private readonly FeedDeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FeedDeliveryService> _logger;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _endpoints = new(StringComparer.Ordinal);
    private readonly Random _random = Random.Shared;
    private readonly FeedMetrics? _metrics;
    private readonly WebhookAddressPolicy _addresses;

    public FeedDeliveryService(
        HubDatabase database,
        IAccessPolicyReader policies,
        IOptions<FeedDeliveryOptions> options,
        TimeProvider time,
        ILogger<FeedDeliveryService> logger,
        FeedMetrics? metrics = null,
        WebhookAddressPolicy? addresses = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _policies = policies;
        _options = options.Value;
        _time = time;
        _logger = logger;
        NodeId = string.IsNullOrWhiteSpace(_options.NodeId)
            ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}-{Environment.ProcessId}")
            : _options.NodeId;

        _addresses = addresses ?? new WebhookAddressPolicy(_options.Webhooks);

        // Polly owns the timeout; the handler's pool keeps connections to each receiver open between deliveries.
        // Every new connection is vetted against the address policy as it is made (DNS may have changed since the
        // subscription was created); pooled ones were vetted when they were opened.
        var handler = WebhookHttpHandler.Create(_addresses);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
        handler.MaxConnectionsPerServer = Math.Max(2, _options.MaxInFlightPerEndpoint);
        _http = new HttpClient(handler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>This node's name in the attempt log.</summary>
    public string NodeId { get; }

    /// <summary>One pass: queue new events, claim a batch of due deliveries and send them. Returns how many were attempted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await _database.Feeds.FanOutAsync(_policies, _options.FanOutBatchSize, now, cancellationToken);
        var work = await ClaimAsync(_options.BatchSize, cancellationToken);
        if (work.Count == 0)
        {
            return 0;
        }

        // The outcomes are recorded together, in one transaction per pass: a node that dies before that has its claims
        // expire and retried, which the attempt log (written at claim time) accounts for.
        var results = new ConcurrentBag<DeliveryResult>();
        await Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrency, CancellationToken = cancellationToken },
            async (item, ct) => results.Add(await item.SendAsync(this, ct)));
        await RecordAsync(results.ToList(), cancellationToken);
        return work.Count;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries, with what sending each needs: its event, subscription and
    /// the subscriber's current policy (each read once for the whole batch).
    /// </summary>
    private async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var (claims, events) = await _database.Feeds.ClaimWithEventsAsync(NodeId, limit, now, now + _options.LeaseDuration, cancellationToken);
        if (claims.Count == 0)
        {
            return [];
        }

        var subscriptions = new Dictionary<Guid, (StoredSubscription? Subscription, AccessPolicy? Policy)>();
        foreach (var id in claims.Select(c => c.SubscriptionId).Distinct())
        {
            var subscription = await _database.Feeds.GetSubscriptionAsync(id, cancellationToken);
            var policy = subscription is null ? null : await _policies.FindAsync(subscription.Subscription.ClientId, subscription.Subscription.Purpose, cancellationToken);
            subscriptions[id] = (subscription, policy);
        }

        return claims.Select(c => new ClaimedDelivery(c, subscriptions[c.SubscriptionId].Subscription, subscriptions[c.SubscriptionId].Policy, events.GetValueOrDefault(c.Seq))).ToList();
    }

    /// <summary>Records finished attempts in one transaction, then logs dead letters and counts the attempts.</summary>
    private async Task RecordAsync(List<DeliveryResult> results, CancellationToken cancellationToken)
    {
        if (results.Count == 0)
        {
            return;
        }

        await _database.Feeds.CompleteManyAsync(NodeId, results, cancellationToken);
        foreach (var dead in results.Where(r => r.Outcome == DeliveryOutcome.Dead))
        {
            LogDeadLettered(_logger, dead.Claim.SubscriptionId, dead.Claim.Seq, dead.Claim.Attempt, dead.Error ?? "");
        }

        if (_metrics is not null)
        {
            foreach (var result in results.Where(r => r.Outcome != DeliveryOutcome.Skipped))
            {
                _metrics.RecordAttempt(result.Claim.SubscriptionId, failed: result.Outcome != DeliveryOutcome.Delivered, deadLettered: result.Outcome == DeliveryOutcome.Dead);
            }
        }
    }

    /// <summary>A claimed delivery with what sending it needs.</summary>
    private sealed record ClaimedDelivery(DeliveryClaim Claim, StoredSubscription? Subscription, AccessPolicy? Policy, ChangeEvent? Change)
    {
        public Task<DeliveryResult> SendAsync(FeedDeliveryService service, CancellationToken cancellationToken) =>
            service.DeliverAsync(Claim, Subscription, Policy, Change, cancellationToken);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        _http.Dispose();
        foreach (var slots in _slots.Values)
        {
            slots.Dispose();
        }

        base.Dispose();
    }

    private async Task<DeliveryResult> DeliverAsync(DeliveryClaim claim, StoredSubscription? subscription, AccessPolicy? policy, ChangeEvent? change, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var projected = subscription is { Subscription.Url: not null } && change is not null ? FeedProjection.Project(change, policy, subscription.Subscription.Filter) : null;
        if (projected is null)
        {
            // The policy was withdrawn or narrowed since the event was queued: what it no longer allows is not sent.
            return new DeliveryResult(claim, DeliveryOutcome.Skipped, null, null, now, now);
        }

        var body = FeedProjection.ToJson(projected);
        var secrets = subscription!.ActiveSecrets(now).Select(WebhookSecret.Parse).ToList();
        var timestamp = now.ToUnixTimeSeconds();
        var messageId = projected.EventId.ToString();
        var signature = WebhookSigner.SignatureHeader(secrets, messageId, timestamp, body);
        var url = subscription.Subscription.Url!;

        int? status = null;
        string? error;
        if (_addresses.CheckUrl(url) is { } refusal)
        {
            // The settings changed since the subscription was made (http no longer allowed, an allowed address no
            // longer): a failed attempt like any other, so it is retried and dead-lettered as usual.
            error = "refused: " + refusal;
        }
        else
        {
            (status, error) = await SendGuardedAsync(url, body, messageId, timestamp, signature, cancellationToken);
        }

        now = _time.GetUtcNow();
        if (error is null)
        {
            return new DeliveryResult(claim, DeliveryOutcome.Delivered, status, null, now, now);
        }

        var dead = claim.Attempt >= _options.MaxAttempts || now - claim.FirstAttemptAt >= _options.MaxAge;
        var next = now + DeliveryBackoff.Delay(claim.Attempt, _options.BackoffBase, _options.BackoffMax, _random);
        return new DeliveryResult(claim, dead ? DeliveryOutcome.Dead : DeliveryOutcome.Retry, status, error, next, now);
    }

    private async Task<(int? Status, string? Error)> SendGuardedAsync(Uri url, string body, string messageId, long timestamp, string signature, CancellationToken cancellationToken)
    {
        int? status = null;
        string? error;
        try
        {
            // The endpoint's share of this node's requests: at most MaxInFlightPerEndpoint at once.
            var slots = Slots(url);
            await slots.WaitAsync(cancellationToken);
            using var response = await SendAsync(url, body, messageId, timestamp, signature, slots, cancellationToken);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
        }
        catch (BrokenCircuitException)
        {
            error = "circuit open: the endpoint failed too often recently; not sent";
        }
        catch (TimeoutRejectedException)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"timed out after {_options.RequestTimeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException ex) when (WebhookHttpHandler.FindRefusal(ex) is { } refused)
        {
            // The host resolves (now) only to addresses webhooks may not reach: nothing was sent.
            error = "refused: " + refused.Message;
        }
        catch (HttpRequestException ex)
        {
            error = "connection failed: " + ex.HttpRequestError;
        }

        return (status, error);
    }

    private async Task<HttpResponseMessage> SendAsync(Uri url, string body, string messageId, long timestamp, string signature, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            return await Pipeline(url).ExecuteAsync(
                async ct =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url)
                    {
                        Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
                    };
                    request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, messageId);
                    request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
                    request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, signature);
                    return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                },
                cancellationToken);
        }
        finally
        {
            slots.Release();
        }
    }

    // One breaker per endpoint (scheme, host and port): one receiver failing must not stop deliveries to the others.
    private ResiliencePipeline<HttpResponseMessage> Pipeline(Uri url) => _endpoints.GetOrAdd(url.GetLeftPart(UriPartial.Authority), _ =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => (int)r.StatusCode >= 500 || r.StatusCode == HttpStatusCode.TooManyRequests),
            })
            .AddTimeout(_options.RequestTimeout)
            .Build());

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Webhook delivery started on node {NodeId}.")]
    private static partial void LogStarted(ILogger logger, string nodeId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "A webhook delivery pass failed; retrying shortly.")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Dead-lettered event {Seq} for subscription {SubscriptionId} after {Attempts} attempt(s): {Error}")]
    private static partial void LogDeadLettered(ILogger logger, Guid subscriptionId, long seq, int attempts, string error);
}
