using System.Text.RegularExpressions;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Worker.Tests.Metrics;

/// <summary>
/// Feed lag on a scrape is read from the database and reused for <c>Hub:Metrics:FeedLagCacheDuration</c>: a change
/// shows only once the cached read is older than that.
/// </summary>
public sealed partial class FeedLagMetricsTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-feed-lag-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private ServiceProvider _services = null!;

    [GeneratedRegex(@"^hub_feed_subscription_paused\{subscription=""(?<id>[0-9a-f-]+)""\} (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex PausedSample();

    public async Task InitializeAsync()
    {
        var database = HubDatabase.Open(new StorageOptions { DataDirectory = _directory }, _time);
        await database.Migrator.MigrateAsync(CancellationToken.None);
        _services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(_time)
            .AddSingleton(database)
            .AddHubMetricsCollection(new MetricsOptions { FeedLagCacheDuration = TimeSpan.FromSeconds(5) })
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.GetRequiredService<HubDatabase>().DisposeAsync();
        await _services.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Scrape_ReusesTheLastReadForTheCacheDuration_ThenReadsAgain()
    {
        var scrape = _services.GetRequiredService<MetricsScrape>();
        var database = _services.GetRequiredService<HubDatabase>();
        Assert.Empty(PausedSample().Matches(await scrape.WriteAsync(CancellationToken.None)));

        var id = Guid.NewGuid();
        await database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, "bpjs", "jaminan-kesehatan", new SubscriptionFilter(new HashSet<string>(), new HashSet<string>()), DeliveryMode.Webhook, new Uri("http://127.0.0.1:9/hook"), true, _time.GetUtcNow()),
            "whsec_" + Convert.ToBase64String(new byte[24]),
            CancellationToken.None);

        // Within the cache duration: the read before the subscription existed still serves.
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.Empty(PausedSample().Matches(await scrape.WriteAsync(CancellationToken.None)));

        _time.Advance(TimeSpan.FromSeconds(0.1));
        var sample = Assert.Single(PausedSample().Matches(await scrape.WriteAsync(CancellationToken.None)));
        Assert.Equal((id.ToString("D"), "1"), (sample.Groups["id"].Value, sample.Groups["value"].Value));
    }
}
