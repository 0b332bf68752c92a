using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary>
/// The overview's feed summary on the real API, on SQLite and on PostgreSQL: one entry per subscription with the lag
/// and dead letters its status reports, paused or not, and no URL, secret or personal data. Delivery is off in the
/// API, so the test moves the deliveries itself through the real feed store.
/// </summary>
public abstract class OverviewFeedsApiTests : IAsyncLifetime, IDisposable
{
    private const string Purpose = "jaminan-kesehatan";
    private const string Url = "http://127.0.0.1:9/hooks/overview-test";
    private HubApiFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;
    private HttpClient _client = null!;

    /// <summary>The storage settings of a fresh database for this engine.</summary>
    protected abstract Task<StorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var storage = await CreateStorageAsync();
        // A seeded index is not empty, so the samples are not ingested at start: no event arrives on its own.
        await using (var database = HubDatabase.Open(storage))
        {
            await database.Migrator.MigrateAsync(CancellationToken.None);
            await IngestAsync(database, Person("3201015205900002", "SITI AMINAH"));
        }

        _factory = new HubApiFactory(storage.PostgresConnectionString is null ? storage.DataDirectory : null, storage.PostgresConnectionString);
        _host = _factory.WithWebHostBuilder(b => HubApiFactory.AllowLoopbackWebhooks(b).UseSetting("Hub:Feeds:DeliveryEnabled", "false"));
        _client = _host.CreateClient();
        var access = _host.Services.GetRequiredService<HubDatabase>().Access;
        await access.CreateClientAsync("bpjs", "BPJS Kesehatan", [HubRole.Subscriber], null, CancellationToken.None);
        await access.SetPolicyAsync("bpjs", Purpose, ["name.full"], [.. ChangeEventTypes.All], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Removes what the engine's database left behind once the API has stopped.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    [Fact]
    public async Task Overview_Feeds_ShowEachSubscriptionsLagDeadLettersAndPause_AsItsStatusDoes_WithoutUrlOrSecret()
    {
        var webhook = await CreateAsync(new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = Url });
        var pull = await CreateAsync(new { clientId = "bpjs", purpose = Purpose, delivery = "pull" });
        var database = _host.Services.GetRequiredService<HubDatabase>();

        // Two new persons after the subscriptions: two events owed to the webhook. One is dead-lettered, the other waits.
        await IngestAsync(database, Person("3171010301750003", "BUDI SANTOSO"), Person("3201010101800005", "DEWI LESTARI"));
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(2, await database.Feeds.FanOutAsync(database.Access, 100, now, CancellationToken.None));
        var claims = await database.Feeds.ClaimAsync("test-node", 1, now, now.AddSeconds(30), CancellationToken.None);
        var claim = Assert.Single(claims);
        await database.Feeds.CompleteManyAsync("test-node", [new DeliveryResult(claim, DeliveryOutcome.Dead, 503, "HTTP 503", now, now)], CancellationToken.None);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await _client.PostAsync($"/api/v1/subscriptions/{webhook}/pause", null)).StatusCode);

        using var response = await _client.GetAsync("/api/v1/overview");
        var text = await response.Content.ReadAsStringAsync();
        var feeds = JsonDocument.Parse(text).RootElement.GetProperty("feeds").EnumerateArray().ToList();
        var hook = feeds.Single(f => f.GetProperty("subscriptionId").GetString() == webhook);
        var status = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{webhook}/status");

        Assert.Equal(2, feeds.Count);
        Assert.Equal("bpjs", hook.GetProperty("clientId").GetString());
        Assert.Equal("webhook", hook.GetProperty("kind").GetString());
        Assert.True(hook.GetProperty("paused").GetBoolean());
        Assert.Equal(1, hook.GetProperty("deadLetters").GetInt64());
        Assert.Equal(status.GetProperty("deadLetters").GetInt64(), hook.GetProperty("deadLetters").GetInt64());
        Assert.Equal(1, hook.GetProperty("lagEvents").GetInt64());
        Assert.Equal(status.GetProperty("lagEvents").GetInt64(), hook.GetProperty("lagEvents").GetInt64());
        Assert.True(hook.GetProperty("lagSeconds").GetDouble() >= 0);
        var pulled = feeds.Single(f => f.GetProperty("subscriptionId").GetString() == pull);
        Assert.Equal("pull", pulled.GetProperty("kind").GetString());
        Assert.False(pulled.GetProperty("paused").GetBoolean());
        Assert.Equal(0, pulled.GetProperty("deadLetters").GetInt64());

        // Engineers and auditors read the overview: no webhook address, no secret, no personal data in it.
        Assert.DoesNotContain("127.0.0.1:9", text, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("BUDI", text, StringComparison.Ordinal);
        Assert.DoesNotContain("3171010301750003", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"url\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overview_Feeds_ReadableByAnAuditor_AndEmptyWithoutSubscriptions()
    {
        var (auditor, _) = await _factory.CreateClientAsync("bpk", [HubRole.Auditor]);
        using (auditor)
        {
            var overview = await auditor.GetFromJsonAsync<JsonElement>("/api/v1/overview");
            Assert.Empty(overview.GetProperty("feeds").EnumerateArray());
        }
    }

    private async Task<string> CreateAsync(object body)
    {
        var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", body);
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString()!;
    }

    private static async Task IngestAsync(HubDatabase database, params SourceRecord[] records)
    {
        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(run.RunId, records, [], SurvivorshipPolicy.Default, CancellationToken.None);
    }

    private static SourceRecord Person(string nik, string name)
    {
        var canonical = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.ProvinceCode, nik[..2], "province")
            .Build();
        return new SourceRecord("dukcapil", nik, Nik.Parse(nik).Value, canonical, null, null) { IsIdentityAuthority = true };
    }
}

public sealed class SqliteOverviewFeedsApiTests : OverviewFeedsApiTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-overview-feeds-").FullName;

    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    protected override void Dispose(bool disposing)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
        base.Dispose(disposing);
    }
}

public sealed class PostgresOverviewFeedsApiTests : OverviewFeedsApiTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() =>
        new() { PostgresConnectionString = await Storage.Tests.PostgresServer.CreateDatabaseAsync() };
}
