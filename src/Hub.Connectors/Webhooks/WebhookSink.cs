using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IntegrationHub.Connectors.Contract;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// Pushes messages to a subscriber's URL as Standard Webhooks: one <c>POST</c> per message with
/// <c>Content-Type: application/json</c>, the body unchanged, and the headers <c>webhook-id</c> (the message id,
/// the receiver's idempotency key), <c>webhook-timestamp</c> and <c>webhook-signature</c> (one <c>v1</c> signature per
/// secret, so both the old and the new secret during a rotation).
/// </summary>
/// <remarks>
/// <para>
/// Outcomes: a 2xx response acknowledges the message. 408, 429, 5xx, a timeout (<see cref="WebhookSinkOptions.Timeout"/>)
/// and connection errors are transient failures. Any other status (3xx, 4xx) is a permanent failure: the receiver
/// refused this message and sending it again will not change that.
/// </para>
/// <para>
/// Messages are sent in batch order, one at a time. At the first transient failure the sink stops and reports the
/// rest as transient failures without sending them, so a retry cannot deliver a later message before an earlier one.
/// A permanent failure does not stop the batch: that message is for the dead-letter queue, not a reason to hold up
/// the others.
/// </para>
/// <para>
/// The sink does not retry. The feed delivery loop retries transient failures with backoff (Polly) and dead-letters
/// after its limit; retrying here as well would multiply attempts and hold a batch for minutes.
/// </para>
/// <para>
/// <c>webhook-timestamp</c> is the time of this attempt, not <see cref="SinkMessage.Timestamp"/>: receivers refuse
/// timestamps older than a few minutes, so signing a retry or a replay with the event's original time would get
/// it refused. The event's own time belongs in the (signed) body.
/// </para>
/// <para>
/// The <see cref="HttpClient"/> is the caller's (use one per process, or from a factory) and is not disposed here.
/// Give it a handler that does not follow redirects: automatic redirects turn a <c>POST</c> into a <c>GET</c>
/// and drop the body. <see cref="WebhookHttpHandler.Create"/> makes one that also vets every connection against a
/// <see cref="Core.Feeds.WebhookAddressPolicy"/> (no loopback, private or metadata addresses unless allowed).
/// </para>
/// </remarks>
public sealed class WebhookSink : ISinkConnector
{
    /// <summary>The sink's kind: <c>webhook</c>.</summary>
    public const string KindName = "webhook";

    private readonly Uri _url;
    private readonly TimeSpan _timeout;
    private readonly WebhookSecret[] _secrets;
    private readonly HttpClient _httpClient;
    private readonly TimeProvider _timeProvider;
    private readonly string? _bearerToken;

    /// <summary>Creates the sink.</summary>
    /// <param name="options">Where to send, and how long to wait.</param>
    /// <param name="secrets">The signing secrets, at least one: the current one and, during a rotation, the one being retired.</param>
    /// <param name="httpClient">The client to send with; not disposed by the sink.</param>
    /// <param name="timeProvider">The clock for <c>webhook-timestamp</c> and the per-request timeout. Default: <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid (every problem is listed), or no secret was given.</exception>
    /// <exception cref="InvalidOperationException">The bearer token's environment variable is not set.</exception>
    public WebhookSink(WebhookSinkOptions options, IEnumerable<WebhookSecret> secrets, HttpClient httpClient, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(httpClient);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid webhook sink options: " + string.Join(" ", errors), nameof(options));
        }

        _secrets = [.. secrets];
        if (_secrets.Length == 0 || Array.Exists(_secrets, s => s is null))
        {
            throw new ArgumentException("Give at least one signing secret, and no null ones.", nameof(secrets));
        }

        _url = options.Url!;
        _timeout = options.Timeout;
        _httpClient = httpClient;
        _timeProvider = timeProvider ?? TimeProvider.System;
        if (options.BearerTokenEnvironmentVariable is { } variable)
        {
            _bearerToken = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(_bearerToken))
            {
                throw new InvalidOperationException($"The environment variable {variable} (BearerTokenEnvironmentVariable) is not set.");
            }
        }
    }

    /// <inheritdoc/>
    public string Kind => KindName;

    /// <summary>
    /// Sends the batch in order, one message at a time, and reports what the receiver acknowledged.
    /// Does not retry (see the remarks on <see cref="WebhookSink"/>).
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the whole batch is then to be sent again (receivers drop repeats by id).</exception>
    public async Task<SinkAcknowledgement> WriteAsync(IReadOnlyList<SinkMessage> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var acknowledged = new List<string>(batch.Count);
        var failed = new List<SinkFailure>();
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            var failure = await DeliverAsync(message, cancellationToken);
            if (failure is null)
            {
                acknowledged.Add(message.Id);
                continue;
            }

            failed.Add(failure);
            if (failure.IsTransient)
            {
                for (var j = i + 1; j < batch.Count; j++)
                {
                    failed.Add(new SinkFailure(batch[j].Id, "Not attempted: an earlier message failed.", IsTransient: true));
                }

                break;
            }
        }

        return new SinkAcknowledgement(acknowledged, failed);
    }

    private async Task<SinkFailure?> DeliverAsync(SinkMessage message, CancellationToken cancellationToken)
    {
        if (!IsValidId(message.Id))
        {
            return new SinkFailure(message.Id, "The message id is not usable as a webhook-id header (empty, or not printable ASCII without spaces).", IsTransient: false);
        }

        var body = Encoding.UTF8.GetBytes(message.Body);
        var timestamp = _timeProvider.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookHeaders.Id, message.Id);
        request.Headers.Add(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
        // Without validation: the value is a space-separated list, which the generic header parser could re-split.
        request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, WebhookSigner.SignatureHeader(_secrets, message.Id, timestamp, body));
        if (_bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
        }

        using var timeout = new CancellationTokenSource(_timeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            // Headers only: the receiver's answer is its status; a large response body is not worth waiting for.
            using var response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            return Classify(message.Id, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our timeout, or HttpClient.Timeout; the caller's own cancellation propagates instead.
            return new SinkFailure(message.Id, string.Create(CultureInfo.InvariantCulture,
                $"No response within {(timeout.IsCancellationRequested ? _timeout : _httpClient.Timeout).TotalSeconds} s."), IsTransient: true);
        }
        catch (HttpRequestException ex)
        {
            return new SinkFailure(message.Id, $"Connection failed ({ex.HttpRequestError}): {ex.Message}", IsTransient: true);
        }
    }

    private static SinkFailure? Classify(string id, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status is >= 200 and <= 299)
        {
            return null;
        }

        var transient = status >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        var reason = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}").TrimEnd();
        if (transient && response.Headers.RetryAfter?.Delta is { } delay)
        {
            reason += string.Create(CultureInfo.InvariantCulture, $" (Retry-After {delay.TotalSeconds} s)");
        }
        else if (status is >= 300 and <= 399)
        {
            reason += " (redirects are not followed; configure the final URL)";
        }

        return new SinkFailure(id, reason + ".", transient);
    }

    /// <summary>Printable ASCII without spaces: safe as a header value and unambiguous in the signed content.</summary>
    private static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 256 && id.All(c => c is > ' ' and < '\u007f');
}
