using System.Diagnostics;
using System.Globalization;
using IntegrationHub.Connectors.Webhooks;
using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Bench.Feeds;

/// <summary>One measured run.</summary>
internal sealed record RunResult(int Count, double Seconds, double P50, double P99, double CommitSeconds = 0)
{
    public double PerSecond => Count / Seconds;

    /// <summary>The rate the events were committed at (first to last commit), for a paced run.</summary>
    public double OfferedPerSecond => CommitSeconds > 0 ? Count / CommitSeconds : 0;
}

/// <summary>The floor: the receiver's own maximum rate, posting the same signed event bodies with a plain HttpClient.</summary>
internal static class Floor
{
    public static async Task<RunResult> RunAsync(Receiver receiver, WebhookSecret secret, int count, int persons, int concurrency)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency });
        var url = new Uri(receiver.BaseAddress, "hook");
        var bodies = Enumerable.Range(1, count).Select(seq => FeedProjection.ToJson(Writer.SampleEvent(seq, persons))).ToArray();
        receiver.Reset();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
        {
            var id = Guid.NewGuid().ToString();
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(bodies[i], System.Text.Encoding.UTF8, "application/json") };
            request.Headers.TryAddWithoutValidation(WebhookHeaders.Id, id);
            request.Headers.TryAddWithoutValidation(WebhookHeaders.Timestamp, timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookHeaders.Signature, WebhookSigner.Sign(secret, id, timestamp, bodies[i]));
            using var response = await http.SendAsync(request, ct);
            response.EnsureSuccessStatusCode();
        });
        return new RunResult(count, Stopwatch.GetElapsedTime(started).TotalSeconds, 0, 0);
    }
}
