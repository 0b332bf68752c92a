using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using static IntegrationHub.Api.Tests.Metrics.FeedTestSetup;

namespace IntegrationHub.Api.Tests.Metrics;

/// <summary>
/// Webhooks delivered by a separate <c>hub worker</c> process only (the API does not deliver): the API's
/// <c>/metrics</c> shows the lag falling to 0 from the database, and the worker's own metrics listener serves its
/// delivery counters in the Prometheus text format.
/// </summary>
public sealed partial class WorkerMetricsTests : IAsyncLifetime, IDisposable
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-worker-metrics-").FullName;
    private int _received;
    private WebApplication _receiver = null!;
    private HubApiFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _client = null!;
    private string _receiverUrl = "";

    [GeneratedRegex(@"^(?<name>hub_feed_[a-z_]+)\{subscription=""(?<id>[0-9a-f-]+)""\} (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex FeedSample();

    // A sample line of the text format: a name, optional labels with quoted (escaped) values, a value.
    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\.)*""(,[a-zA-Z_][a-zA-Z0-9_]*=""(?:[^""\\\n]|\\.)*"")*\})? (-?[0-9.eE+-]+|[+-]Inf|NaN)$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"metrics at (?<url>http://127\.0\.0\.1:\d+/metrics)")]
    private static partial Regex MetricsAddress();

    public async Task InitializeAsync()
    {
        (_receiver, _receiverUrl) = await StartReceiverAsync(app => app.MapPost("/ok/{token}", () =>
        {
            Interlocked.Increment(ref _received);
            return Results.NoContent();
        }));

        await FeedTestSetup.SeedIndexAsync(_directory);

        // This API node neither delivers nor schedules: the worker process does both.
        _factory = new HubApiFactory(_directory, null);
        _host = _factory.WithWebHostBuilder(b => HubApiFactory.AllowLoopbackWebhooks(b)
            .UseSetting("Hub:Feeds:DeliveryEnabled", "false")
            .UseSetting("Hub:Scheduler:Enabled", "false")
            .UseSetting("Hub:Metrics:FeedLagCacheDuration", "00:00:00"));
        _client = _host.CreateClient();
        await FeedTestSetup.AddSubscriberAsync(_host.Services.GetRequiredService<HubDatabase>(), Purpose);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task DeliveriesByAWorkerProcess_ShowAsLagOnTheApi_AndAsCountersOnTheWorkersListener()
    {
        using var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = _receiverUrl + "/ok/url-token" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!;
        var database = _host.Services.GetRequiredService<HubDatabase>();
        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(
            run.RunId, [Person("3171010301750003", "BUDI SANTOSO", "31"), Person("3273014107800004", "DEWI LESTARI", "32")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        // Nobody delivers yet: the API reads two events owed from the database.
        var before = await FeedSamplesAsync(_client.GetStringAsync("/metrics"));
        Assert.Equal(2, before[("hub_feed_lag_events", subscription)]);
        Assert.True(before[("hub_feed_lag_seconds", subscription)] > 0);

        using var worker = StartWorker();
        var metricsUrl = await WaitForMetricsAddressAsync(worker);
        using var scraper = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<(string Name, string Id), double> api;
        do
        {
            await Task.Delay(200);
            api = await FeedSamplesAsync(_client.GetStringAsync("/metrics"));
        }
        while (DateTime.UtcNow < deadline && !(Volatile.Read(ref _received) == 2 && api.GetValueOrDefault(("hub_feed_lag_events", subscription), -1) == 0));

        Assert.Equal(2, Volatile.Read(ref _received));
        Assert.Equal(0, api[("hub_feed_lag_events", subscription)]);
        Assert.Equal(0, api[("hub_feed_lag_seconds", subscription)]);
        Assert.False(api.ContainsKey(("hub_feed_delivery_attempts_total", subscription)), "the API counted attempts it did not make");

        using var response = await scraper.GetAsync(metricsUrl);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        var samples = await FeedSamplesAsync(Task.FromResult(text));
        Assert.Equal(2, samples[("hub_feed_delivery_attempts_total", subscription)]);
        Assert.False(samples.ContainsKey(("hub_feed_delivery_failures_total", subscription)));
        Assert.Equal(0, samples[("hub_feed_lag_events", subscription)]);
        AssertWellFormed(text);
        Assert.DoesNotContain("url-token", text, StringComparison.Ordinal);

        // Only /metrics, only GET.
        Assert.Equal(HttpStatusCode.NotFound, (await scraper.GetAsync(metricsUrl.Replace("/metrics", "/health", StringComparison.Ordinal))).StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await scraper.PostAsync(metricsUrl, null)).StatusCode);

        // SIGTERM: the worker and its listener stop cleanly.
        using (var kill = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await worker.WaitForExitAsync(stopped.Token);
        Assert.Equal(0, worker.ExitCode);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => scraper.GetAsync(metricsUrl));
    }

    private Process StartWorker()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HubAssembly());
        start.ArgumentList.Add("worker");
        start.Environment.Remove("HUB_POSTGRES");
        start.Environment.Remove("HUB_CONFIG");
        start.Environment["HUB_DATA_DIR"] = _directory;
        start.Environment["Hub__Metrics__WorkerListen"] = "http://127.0.0.1:0";
        start.Environment["Hub__Metrics__FeedLagCacheDuration"] = "00:00:00";
        start.Environment["Hub__Feeds__PollInterval"] = "00:00:00.050";
        // The receiver listens on http://127.0.0.1, which webhooks may reach only when allowed.
        start.Environment["Hub__Feeds__Webhooks__AllowHttp"] = "true";
        start.Environment["Hub__Feeds__Webhooks__AllowedNetworks__0"] = "127.0.0.1/32";
        start.Environment["Hub__Scheduler__Node"] = "metrics-worker";
        return Process.Start(start)!;
    }

    // tests/Hub.Api.Tests/bin/<Configuration>/net10.0 -> src/Hub.Worker/bin/<Configuration>/net10.0/hub.dll
    private static string HubAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(ApiProcess.RepositoryRoot(), "src", "Hub.Worker", "bin", output.Parent!.Name, output.Name, "hub.dll");
    }

    private static async Task<string> WaitForMetricsAddressAsync(Process worker)
    {
        // Drain stderr (JSON logs) so that a full pipe never blocks the worker.
        _ = worker.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await worker.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (MetricsAddress().Match(line) is { Success: true } match)
            {
                _ = worker.StandardOutput.ReadToEndAsync();
                return match.Groups["url"].Value;
            }
        }

        throw new InvalidOperationException("hub worker ended before naming its metrics address; exit code " + worker.ExitCode);
    }

    private static async Task<Dictionary<(string Name, string Id), double>> FeedSamplesAsync(Task<string> text) =>
        FeedSample().Matches(await text).ToDictionary(
            m => (m.Groups["name"].Value, m.Groups["id"].Value), m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    // Every metric has one HELP and one TYPE line before its samples, and every other line is a valid sample.
    private static void AssertWellFormed(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var typed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in text.TrimEnd('\n').Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                continue;
            }

            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram" });
                Assert.True(typed.Add(parts[2]), "a second TYPE line for " + parts[2]);
                continue;
            }

            Assert.Matches(SampleLine(), line);
            var name = line.Split('{', ' ')[0];
            Assert.Contains(typed, t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count");
        }
    }
}
