using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Rest.Internal;
using IntegrationHub.Core.Ingest;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace IntegrationHub.Connectors.Rest;

/// <summary>
/// Reads a paged REST/JSON endpoint (page numbers or next links), optionally incrementally by an updated-since
/// query parameter. Each record becomes a row of fields flattened by dotted path; a record that is not a JSON object
/// is returned as unreadable with reason <c>json.NotAnObject</c>. Requests go through a retry (exponential backoff
/// with jitter, honouring Retry-After), a circuit breaker and per-attempt and per-page timeouts. The cursor is the
/// page position plus the highest update seen, so a read resumes exactly where the last committed batch ended.
/// </summary>
public sealed class RestJsonSource : ISourceConnector, IDisposable
{
    /// <summary>Reason of an unreadable record that is not a JSON object.</summary>
    public const string NotAnObjectReason = "json.NotAnObject";

    private readonly string _sourceName;
    private readonly RestJsonSourceOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly ResiliencePipeline _pipeline;
    private readonly JsonPropertyPath? _itemsPath;
    private readonly JsonPropertyPath _nextLinkPath;
    private readonly Uri _endpoint;
    private readonly bool _incremental;

    /// <summary>
    /// Creates the source. Throws <see cref="ArgumentException"/> listing every configuration problem.
    /// </summary>
    /// <param name="sourceName">The source's name, written on unreadable records.</param>
    /// <param name="options">The configuration; see <see cref="RestJsonSourceOptions.Validate"/>.</param>
    /// <param name="timeProvider">The clock for delays, timeouts and Retry-After dates; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="httpClient">A client to send with (its own timeout should be infinite: the options govern); when null the source makes and owns one.</param>
    public RestJsonSource(string sourceName, RestJsonSourceOptions options, TimeProvider? timeProvider = null, HttpClient? httpClient = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceName);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid rest-json source configuration: " + string.Join(" ", errors), nameof(options));
        }

        _sourceName = sourceName;
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _itemsPath = string.IsNullOrWhiteSpace(options.ItemsPath) ? null : JsonPropertyPath.Parse(options.ItemsPath);
        _nextLinkPath = JsonPropertyPath.Parse(options.NextLinkPath);
        _incremental = !string.IsNullOrWhiteSpace(options.UpdatedSinceParameter);
        var root = options.BaseAddress!.GetLeftPart(UriPartial.Path).TrimEnd('/');
        _endpoint = new Uri(root + "/" + options.Path.TrimStart('/'));
        FeedName = options.Path.Trim('/') is { Length: > 0 } name ? name : "/";
        if (httpClient is null)
        {
            // Polly governs timeouts; a pooled connection lifetime keeps DNS changes visible to a long-lived source.
            _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            _ownsHttp = true;
        }
        else
        {
            _http = httpClient;
        }

        _pipeline = BuildPipeline(options, _timeProvider);
    }

    /// <inheritdoc/>
    public string Kind => "rest-json";

    /// <summary>The single feed this source offers: <see cref="RestJsonSourceOptions.Path"/> without its slashes (e.g. <c>peserta</c>).</summary>
    public string FeedName { get; }

    /// <inheritdoc/>
    public async Task<ConnectionCheck> CheckConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            var uri = FirstPageUri(since: null, pageSize: 1);
            using var page = await FetchAsync(uri, ReadSecret(), cancellationToken);
            var count = Items(page.RootElement).Count;
            return new ConnectionCheck(true, string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} answered with {count} record(s) on the first page."));
        }
        catch (ConnectorException ex)
        {
            // Messages are built here without secrets, so they can be shown as they are.
            return new ConnectionCheck(false, ex.Message);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SourceFeed>> DiscoverAsync(CancellationToken cancellationToken)
    {
        var uri = FirstPageUri(since: null, pageSize: 1);
        using var page = await FetchAsync(uri, ReadSecret(), cancellationToken);
        var first = Items(page.RootElement).FirstOrDefault(e => e.ValueKind == JsonValueKind.Object);
        IReadOnlyList<string> fields = first.ValueKind == JsonValueKind.Object ? [.. JsonRecordFlattener.Flatten(first).Keys] : [];
        return [new SourceFeed(FeedName, fields, _options.KeyField)];
    }

    /// <inheritdoc/>
    public async Task<SourceBatch> ReadAsync(SourceFeed feed, SourceCursor cursor, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        if (!string.Equals(feed.Name, FeedName, StringComparison.Ordinal))
        {
            throw new ArgumentException($"This source offers only the feed '{FeedName}'.", nameof(feed));
        }

        var position = RestCursor.Parse(cursor);
        var secret = ReadSecret();
        var rows = new List<SourceRow>(Math.Min(maxRecords, 4096));
        var unreadable = new List<QuarantinedRow>();
        var location = _options.Path;

        while (rows.Count + unreadable.Count < maxRecords)
        {
            var uri = PageUri(position);
            using var page = await FetchAsync(uri, secret, cancellationToken);
            var items = Items(page.RootElement);
            var index = 0;
            var maxSeen = position.MaxSeen;
            var offset = position.Offset;
            foreach (var item in items)
            {
                if (index++ < position.Skip)
                {
                    continue;
                }

                if (rows.Count + unreadable.Count == maxRecords)
                {
                    index--;
                    break;
                }

                if (item.ValueKind == JsonValueKind.Object)
                {
                    var fields = JsonRecordFlattener.Flatten(item);
                    if (_incremental && fields.TryGetValue(_options.UpdatedField!, out var updated))
                    {
                        maxSeen = UpdatedValue.Max(maxSeen, updated);
                    }

                    rows.Add(new SourceRow(fields, location, offset, item.GetRawText()));
                }
                else
                {
                    unreadable.Add(new QuarantinedRow(
                        _sourceName, location, offset, NotAnObjectReason, null,
                        string.Create(CultureInfo.InvariantCulture, $"Record {offset} of {location} is a JSON {item.ValueKind.ToString().ToLowerInvariant()}, not an object."),
                        item.GetRawText()));
                }

                offset++;
            }

            // A page shorter than the cursor's skip (the data changed under us) counts as fully read.
            var consumed = Math.Max(index, position.Skip);
            position = position with { MaxSeen = maxSeen, Offset = offset, Skip = consumed };
            if (consumed < items.Count)
            {
                return new SourceBatch(rows, unreadable, position.ToCursor(), Exhausted: false);
            }

            var next = NextPage(position, page.RootElement, uri, items.Count);
            if (next is null)
            {
                return new SourceBatch(rows, unreadable, EndOfPass(position).ToCursor(), Exhausted: true);
            }

            position = next;
        }

        return new SourceBatch(rows, unreadable, position.ToCursor(), Exhausted: false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private static ResiliencePipeline BuildPipeline(RestJsonSourceOptions options, TimeProvider timeProvider)
    {
        // Broken JSON counts as transient: a truncated body is usually a dropped connection, not a bad API.
        var transient = new PredicateBuilder()
            .Handle<HttpStatusFailure>(f => f.IsTransient)
            .Handle<HttpRequestException>()
            .Handle<IOException>()
            .Handle<JsonException>()
            .Handle<TimeoutRejectedException>()
            .Handle<TaskCanceledException>(e => e.InnerException is TimeoutException);

        // First added is outermost: the page deadline covers every retry; the breaker sees every attempt.
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider }.AddTimeout(options.OverallTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            var maxDelay = options.MaxRetryDelay;
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryDelay,
                MaxDelay = maxDelay,
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    args.Outcome.Exception is HttpStatusFailure { RetryAfter: { } wait } ? (wait > maxDelay ? maxDelay : wait) : null),
            });
        }

        if (options.CircuitBreakerFailures > 0)
        {
            // Polly's breaker is ratio-based; a ratio of 1 over at least N calls means N failures with no success between.
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = transient,
                FailureRatio = 1.0,
                MinimumThroughput = options.CircuitBreakerFailures,
                SamplingDuration = options.CircuitBreakerSamplingDuration,
                BreakDuration = options.CircuitBreakDuration,
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private async Task<JsonDocument> FetchAsync(Uri uri, string? secret, CancellationToken cancellationToken)
    {
        var attempt = new Attempt(this, uri, secret);
        try
        {
            return await _pipeline.ExecuteAsync(static (a, ct) => a.Source.SendAsync(a, ct), attempt, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpStatusFailure ex)
        {
            var message = ex.IsTransient
                ? string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} answered {ex.StatusCode} {ex.ReasonPhrase}, still after {attempt.Count} attempt(s).")
                : string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} answered {ex.StatusCode} {ex.ReasonPhrase}.");
            throw new ConnectorException(message, ex.IsTransient);
        }
        catch (BrokenCircuitException ex)
        {
            throw new ConnectorException(
                string.Create(CultureInfo.InvariantCulture, $"The circuit to {_endpoint.Authority} is open after {_options.CircuitBreakerFailures} failures in a row; not calling it for {_options.CircuitBreakDuration}."),
                isTransient: true,
                ex);
        }
        catch (TimeoutRejectedException ex)
        {
            throw new ConnectorException(
                string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} timed out after {ex.Timeout} ({attempt.Count} attempt(s))."), isTransient: true, ex);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            // Only with a caller's HttpClient whose own Timeout is shorter than attemptTimeout.
            throw new ConnectorException(
                string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} timed out (HttpClient.Timeout) after {attempt.Count} attempt(s)."), isTransient: true, ex);
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(
                string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} returned a page that is not valid JSON (line {ex.LineNumber}, byte {ex.BytePositionInLine}), still after {attempt.Count} attempt(s)."),
                isTransient: true,
                ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new ConnectorException(
                string.Create(CultureInfo.InvariantCulture, $"GET {_endpoint} failed after {attempt.Count} attempt(s): {ex.Message}"), isTransient: true, ex);
        }
    }

    private async ValueTask<JsonDocument> SendAsync(Attempt attempt, CancellationToken cancellationToken)
    {
        attempt.Count++;
        using var request = new HttpRequestMessage(HttpMethod.Get, attempt.Uri);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (attempt.Secret is not null)
        {
            var value = string.IsNullOrWhiteSpace(_options.AuthScheme) ? attempt.Secret : _options.AuthScheme + " " + attempt.Secret;
            if (!request.Headers.TryAddWithoutValidation(_options.AuthHeader!, value))
            {
                throw new ConnectorException($"The header '{_options.AuthHeader}' cannot be sent on a request; choose another authHeader.", isTransient: false);
            }
        }

        // Headers first, then the body under the same attempt deadline, so a stalled body times out too.
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            throw new HttpStatusFailure(status, response.ReasonPhrase ?? response.StatusCode.ToString(), RetryAfter.Read(response.Headers.RetryAfter, _timeProvider));
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(body, default, cancellationToken);
    }

    /// <summary>Read at each call, never kept: a rotated secret is used at once and nothing holds it longer than a request.</summary>
    private string? ReadSecret()
    {
        if (string.IsNullOrWhiteSpace(_options.AuthSecretVariable))
        {
            return null;
        }

        var secret = Environment.GetEnvironmentVariable(_options.AuthSecretVariable);
        return string.IsNullOrEmpty(secret)
            ? throw new ConnectorException(
                $"The environment variable {_options.AuthSecretVariable} (the secret for the {_options.AuthHeader} header) is not set.", isTransient: false)
            : secret;
    }

    private List<JsonElement> Items(JsonElement root)
    {
        if (_itemsPath is null)
        {
            return root.ValueKind == JsonValueKind.Array
                ? [.. root.EnumerateArray()]
                : throw new ConnectorException($"GET {_endpoint} did not return a JSON array; set itemsPath to where the records are.", isTransient: false);
        }

        if (_itemsPath.TryResolve(root, out var items, out var sawNull) && items.ValueKind == JsonValueKind.Array)
        {
            return [.. items.EnumerateArray()];
        }

        return sawNull
            ? []
            : throw new ConnectorException($"GET {_endpoint} returned no array at '{_itemsPath.Text}'; check itemsPath.", isTransient: false);
    }

    private Uri PageUri(RestCursor position) =>
        _options.Paging == RestJsonSourceOptions.PageNumberPaging
            ? WithQuery(_endpoint, [
                (_options.PageParameter, (position.Page ?? _options.FirstPage).ToString(CultureInfo.InvariantCulture)),
                (_options.SizeParameter!, _options.PageSize.ToString(CultureInfo.InvariantCulture)),
                .. SinceQuery(position.Since)])
            : position.Link is null ? FirstPageUri(position.Since, _options.PageSize) : new Uri(_endpoint, position.Link);

    private Uri FirstPageUri(string? since, int pageSize)
    {
        var size = pageSize.ToString(CultureInfo.InvariantCulture);
        if (_options.Paging == RestJsonSourceOptions.PageNumberPaging)
        {
            return WithQuery(_endpoint, [(_options.PageParameter, _options.FirstPage.ToString(CultureInfo.InvariantCulture)), (_options.SizeParameter!, size), .. SinceQuery(since)]);
        }

        return WithQuery(_endpoint, [.. _options.SizeParameter is { Length: > 0 } sizeName ? [(sizeName, size)] : Array.Empty<(string, string)>(), .. SinceQuery(since)]);
    }

    private (string, string)[] SinceQuery(string? since) =>
        _incremental && since is not null ? [(_options.UpdatedSinceParameter!, since)] : [];

    /// <summary>The position of the page after a fully read one, or null when that was the last page of the pass.</summary>
    private RestCursor? NextPage(RestCursor position, JsonElement root, Uri pageUri, int itemCount)
    {
        if (_options.Paging == RestJsonSourceOptions.PageNumberPaging)
        {
            // A short or empty page is the last one.
            return itemCount < _options.PageSize ? null : position with { Page = (position.Page ?? _options.FirstPage) + 1, Skip = 0 };
        }

        if (!_nextLinkPath.TryResolve(root, out var link, out _) || link.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(link.GetString()))
        {
            return null;
        }

        if (!Uri.TryCreate(pageUri, link.GetString(), out var next))
        {
            throw new ConnectorException($"GET {_endpoint} returned a next link that is not a URL.", isTransient: false);
        }

        // The credentials go with every request: never follow a link off the configured origin.
        if (!string.Equals(next.GetLeftPart(UriPartial.Authority), _endpoint.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            throw new ConnectorException($"GET {_endpoint} returned a next link to another origin ({next.Authority}); refusing to send credentials there.", isTransient: false);
        }

        return position with { Link = next.PathAndQuery, Skip = 0 };
    }

    /// <summary>
    /// The cursor after the last page: incremental sources start a new pass asking for what changed after the
    /// highest update seen; others stay put, so records appended to the last page are read next time.
    /// </summary>
    private RestCursor EndOfPass(RestCursor position) =>
        _incremental
            ? new RestCursor { Since = position.MaxSeen ?? position.Since }
            : position;

    private static Uri WithQuery(Uri endpoint, IEnumerable<(string Name, string Value)> parameters)
    {
        var query = new StringBuilder();
        foreach (var (name, value) in parameters)
        {
            query.Append(query.Length == 0 ? '?' : '&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        }

        return new Uri(endpoint.AbsoluteUri + query);
    }

    private sealed class Attempt(RestJsonSource source, Uri uri, string? secret)
    {
        public RestJsonSource Source { get; } = source;

        public Uri Uri { get; } = uri;

        public string? Secret { get; } = secret;

        public int Count { get; set; }
    }
}
