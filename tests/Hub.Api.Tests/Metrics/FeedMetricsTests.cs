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
/// Webhook delivery indicators on <c>/metrics</c> after real deliveries by the API's embedded delivery loop to a
/// receiver on loopback: one subscription it accepts, one it fails (dead-lettered after one attempt), one paused.
/// </summary>
public sealed partial class FeedMetricsTests : IAsyncLifetime, IDisposable
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-feed-metrics-").FullName;
    private WebApplication _receiver = null!;
    private HubApiFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _client = null!;
    private string _receiverUrl = "";

    [GeneratedRegex(@"^(?<name>hub_feed_[a-z_]+)\{subscription=""(?<id>[0-9a-f-]+)""\} (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex FeedSample();

    public async Task InitializeAsync()
    {
        (_receiver, _receiverUrl) = await StartReceiverAsync(app =>
        {
            app.MapPost("/ok/{token}", () => Results.NoContent());
            app.MapPost("/fail/{token}", () => Results.StatusCode(500));
        });

        await FeedTestSetup.SeedIndexAsync(_directory);

        _factory = new HubApiFactory(_directory, null);
        _host = _factory.WithWebHostBuilder(b => HubApiFactory.AllowLoopbackWebhooks(b)
            .UseSetting("Hub:Feeds:DeliveryEnabled", "true")
            .UseSetting("Hub:Feeds:PollInterval", "00:00:00.050")
            .UseSetting("Hub:Feeds:MaxAttempts", "1")
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
    public async Task Metrics_AfterRealDeliveries_CountAttemptsFailuresDeadLettersAndLagPerSubscription()
    {
        var ok = await SubscribeAsync("/ok/url-token-ok");
        var failing = await SubscribeAsync("/fail/url-token-fail");
        var paused = await SubscribeAsync("/ok/url-token-paused");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/api/v1/subscriptions/{paused}/pause", null)).StatusCode);

        // Two new persons after the subscriptions: two events owed to each.
        var database = _host.Services.GetRequiredService<HubDatabase>();
        var ingestedAt = DateTimeOffset.UtcNow;
        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(
            run.RunId, [Person("3171010301750003", "BUDI SANTOSO", "31"), Person("3273014107800004", "DEWI LESTARI", "32")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        // Wait until the delivery loop has sent everything it can and read the lag afterwards.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        Dictionary<(string Name, string Id), double> samples;
        string text;
        do
        {
            await Task.Delay(100);
            text = await _client.GetStringAsync("/metrics");
            samples = FeedSample().Matches(text).ToDictionary(
                m => (m.Groups["name"].Value, m.Groups["id"].Value), m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
        while (DateTime.UtcNow < deadline
            && !(samples.GetValueOrDefault(("hub_feed_delivery_attempts_total", ok)) == 2
                && samples.GetValueOrDefault(("hub_feed_dead_letters_total", failing)) == 2
                && samples.GetValueOrDefault(("hub_feed_lag_events", ok), -1) == 0
                && samples.GetValueOrDefault(("hub_feed_lag_events", failing), -1) == 0));

        var status = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{failing}/status");
        Assert.Equal(2, status.GetProperty("deadLetters").GetInt64());

        Assert.Equal(2, samples[("hub_feed_delivery_attempts_total", ok)]);
        Assert.False(samples.ContainsKey(("hub_feed_delivery_failures_total", ok)), "the accepting receiver's deliveries counted as failures");
        Assert.False(samples.ContainsKey(("hub_feed_dead_letters_total", ok)));
        Assert.Equal(0, samples[("hub_feed_lag_events", ok)]);
        Assert.Equal(0, samples[("hub_feed_lag_seconds", ok)]);

        Assert.Equal(2, samples[("hub_feed_delivery_attempts_total", failing)]);
        Assert.Equal(2, samples[("hub_feed_delivery_failures_total", failing)]);
        Assert.Equal(2, samples[("hub_feed_dead_letters_total", failing)]);
        Assert.Equal(0, samples[("hub_feed_lag_events", failing)]);

        // Paused: nothing sent, both events still owed (not queued), and the lag in seconds is their age, growing.
        Assert.False(samples.ContainsKey(("hub_feed_delivery_attempts_total", paused)));
        Assert.Equal(2, samples[("hub_feed_lag_events", paused)]);
        Assert.Equal(1, samples[("hub_feed_subscription_paused", paused)]);
        Assert.Equal(0, samples[("hub_feed_subscription_paused", ok)]);
        Assert.Equal(2, samples[("hub_feed_dead_letters_held", failing)]);
        var pausedSeconds = samples[("hub_feed_lag_seconds", paused)];
        Assert.InRange(pausedSeconds, 0.001, (DateTimeOffset.UtcNow - ingestedAt).TotalSeconds + 1);
        await Task.Delay(1100);
        Assert.Contains(
            FeedSample().Matches(await _client.GetStringAsync("/metrics")),
            m => m.Groups["name"].Value == "hub_feed_lag_seconds" && m.Groups["id"].Value == paused && double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture) >= pausedSeconds + 1);

        Assert.Contains("# TYPE hub_feed_lag_events gauge", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE hub_feed_delivery_attempts_total counter", text, StringComparison.Ordinal);
        Assert.DoesNotContain("url-token", text, StringComparison.Ordinal);
    }

    private async Task<string> SubscribeAsync(string path)
    {
        using var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = _receiverUrl + path });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!;
    }
}
