using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace IntegrationHub.Connectors.Tests.Rest;

/// <summary>What the sample server does wrong on one request, before (or instead of) answering properly.</summary>
/// <param name="Status">Answer with this status and an error body instead of data.</param>
/// <param name="RetryAfter">The Retry-After header to send with <paramref name="Status"/> (seconds or an HTTP date).</param>
/// <param name="Delay">Wait this long before answering (until the client gives up, if sooner).</param>
/// <param name="Truncate">Send only the first half of the proper JSON body.</param>
public sealed record SampleFault(int? Status = null, string? RetryAfter = null, TimeSpan? Delay = null, bool Truncate = false);

/// <summary>One request the sample server saw: its number (from 1), path and query, and when it arrived.</summary>
public sealed record SampleRequest(int Number, string PathAndQuery, long Timestamp);

/// <summary>
/// A sample BPJS Kesehatan "peserta" API on 127.0.0.1: <c>GET /peserta?page=&amp;size=&amp;updatedSince=</c> over the
/// records of a JSON file, ordered by lastUpdate then noKartu, filtered by <c>lastUpdate &gt; updatedSince</c>,
/// answering VClaim-style <c>{"metaData":{...},"response":{"list":[...],"count":N}}</c> (plus <c>links.next</c> when
/// <see cref="NextLinks"/> is on). It can demand an API key header and inject faults for tests.
/// Lives in the tests project: Hub.Connectors does not reference ASP.NET Core.
/// </summary>
public sealed class BpjsSampleServer : IAsyncDisposable
{
    public const string PesertaPath = "/peserta";

    private readonly Lock _gate = new();
    private readonly List<JsonObject> _records;
    private readonly ConcurrentQueue<SampleRequest> _requests = new();
    private LoopbackServer? _server;
    private int _requestCount;

    private BpjsSampleServer(List<JsonObject> records) => _records = records;

    /// <summary>Where the server listens.</summary>
    public Uri BaseAddress => _server!.BaseAddress;

    /// <summary>The header the API key must come in; null (the default) lets every request in.</summary>
    public string? ApiKeyHeader { get; set; }

    /// <summary>The API key (with any scheme, e.g. <c>Bearer k</c>) <see cref="ApiKeyHeader"/> must carry.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Adds <c>links.next</c> (relative) to each page that has a successor.</summary>
    public bool NextLinks { get; set; }

    /// <summary>Decides, by request number (from 1), whether a request fails and how.</summary>
    public Func<int, SampleFault?>? Faults { get; set; }

    /// <summary>The requests seen so far, in arrival order.</summary>
    public IReadOnlyList<SampleRequest> Requests => [.. _requests];

    /// <summary>The records as the API serves them without a filter: by lastUpdate, then noKartu.</summary>
    public IReadOnlyList<JsonObject> Ordered
    {
        get
        {
            lock (_gate)
            {
                return [.. _records.OrderBy(r => (string?)r["lastUpdate"], StringComparer.Ordinal).ThenBy(r => (string?)r["noKartu"], StringComparer.Ordinal)];
            }
        }
    }

    public static async Task<BpjsSampleServer> StartAsync(string sampleFile, int port = 0, CancellationToken cancellationToken = default)
    {
        var json = await File.ReadAllTextAsync(sampleFile, cancellationToken);
        var records = JsonNode.Parse(json)!.AsArray().Select(n => n!.DeepClone().AsObject()).ToList();
        var sample = new BpjsSampleServer(records);
        sample._server = await LoopbackServer.StartAsync(sample.HandleAsync, port, cancellationToken);
        return sample;
    }

    /// <summary>Forgets the requests seen so far; numbering starts again from 1.</summary>
    public void ClearRequests()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _requestCount, 0);
    }

    /// <summary>Adds a record, or replaces the one with the same noKartu (a participant's data changed).</summary>
    public void Upsert(JsonObject record)
    {
        lock (_gate)
        {
            _records.RemoveAll(r => (string?)r["noKartu"] == (string?)record["noKartu"]);
            _records.Add(record);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _requestCount);
        _requests.Enqueue(new SampleRequest(number, context.Request.Path + context.Request.QueryString, TimeProvider.System.GetTimestamp()));
        var fault = Faults?.Invoke(number);
        if (fault?.Delay is { } delay)
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (fault?.Status is { } status)
        {
            if (fault.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = fault.RetryAfter;
            }

            await WriteAsync(context, status, Envelope(status, "Injected fault", null), truncate: false);
            return;
        }

        if (!string.Equals(context.Request.Path, PesertaPath, StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, Envelope(404, "Not found", null), truncate: false);
            return;
        }

        if (ApiKeyHeader is not null && context.Request.Headers[ApiKeyHeader].ToString() != ApiKey)
        {
            // Careless on purpose: the body echoes the key it was given, as some real APIs do.
            await WriteAsync(context, 401, Envelope(401, $"Invalid key '{context.Request.Headers[ApiKeyHeader]}'", null), truncate: false);
            return;
        }

        var query = context.Request.Query;
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var size = int.TryParse(query["size"], CultureInfo.InvariantCulture, out var s) && s > 0 ? Math.Min(s, 100) : 10;
        var since = query["updatedSince"].ToString();
        var matching = Ordered.Where(r => since.Length == 0 || string.CompareOrdinal((string?)r["lastUpdate"], since) > 0).ToList();
        var list = new JsonArray([.. matching.Skip((page - 1) * size).Take(size).Select(r => r.DeepClone())]);
        var body = Envelope(200, "OK", new JsonObject { ["list"] = list, ["count"] = matching.Count });
        if (NextLinks && page * size < matching.Count)
        {
            var next = $"{PesertaPath}?page={page + 1}&size={size}" + (since.Length == 0 ? "" : "&updatedSince=" + Uri.EscapeDataString(since));
            body["links"] = new JsonObject { ["next"] = next };
        }

        await WriteAsync(context, 200, body, fault?.Truncate ?? false);
    }

    private static JsonObject Envelope(int code, string message, JsonObject? response) => new()
    {
        ["metaData"] = new JsonObject { ["code"] = code.ToString(CultureInfo.InvariantCulture), ["message"] = message },
        ["response"] = response,
    };

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body, bool truncate)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        if (truncate)
        {
            bytes = bytes[..(bytes.Length / 2)];
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
