using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary>
/// The pull feed and subscription administration on the real API over SQLite: secrets shown once, fields projected
/// by the client's policy, cursors, and ProblemDetails for bad parameters.
/// </summary>
public sealed class FeedsApiTests : IAsyncLifetime, IDisposable
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-feeds-api-").FullName;
    private HubApiFactory _factory = null!;
    private WebApplicationFactory<Program> _host = null!;
    private string _subscriberKey = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        // A seeded index is not empty, so the samples are not ingested at start: the feed holds exactly these two.
        await using (var database = HubDatabase.Open(new StorageOptions { DataDirectory = _directory }))
        {
            await database.Migrator.MigrateAsync(CancellationToken.None);
            var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
            await database.MasterIndex.ApplyBatchAsync(run.RunId, [Person("3201015205900002", "SITI AMINAH", "32"), Person("3171010301750003", "BUDI SANTOSO", "31")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        }

        _factory = new HubApiFactory(_directory, null);
        _host = _factory.WithWebHostBuilder(b => HubApiFactory.AllowLoopbackWebhooks(b).UseSetting("Hub:Feeds:DeliveryEnabled", "false"));
        _client = _host.CreateClient();

        // The subscriber and its policy for the feed's purpose, as an administrator sets them up.
        var access = _host.Services.GetRequiredService<HubDatabase>().Access;
        _subscriberKey = (await access.CreateClientAsync("bpjs", "BPJS Kesehatan", [HubRole.Subscriber], null, CancellationToken.None)).Key.Key;
        await access.SetPolicyAsync("bpjs", Purpose, ["name.full"], ["person.created"], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task CreateWebhook_ShowsTheGeneratedSecretOnce()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = "https://bpjs.example/hooks", provinces = new[] { "32" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = body.GetProperty("secret").GetString()!;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);

        var id = body.GetProperty("subscriptionId").GetString();
        var fetched = await _client.GetStringAsync($"/api/v1/subscriptions/{id}");
        var listed = await _client.GetStringAsync("/api/v1/subscriptions");
        Assert.DoesNotContain(secret["whsec_".Length..], fetched, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], listed, StringComparison.Ordinal);
        Assert.Contains("\"32\"", fetched, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"clientId\":\"bpjs\",\"purpose\":\"x\",\"eventTypes\":[\"person.exploded\"]}", "person.exploded")]
    [InlineData("{\"clientId\":\"bpjs\",\"purpose\":\"x\",\"delivery\":\"webhook\",\"url\":\"ftp://x\"}", "url")]
    [InlineData("{\"purpose\":\"x\"}", "clientId")]
    [InlineData("{\"clientId\":\"bpjs\",\"purpose\":\"x\",\"provinces\":[\"3\"]}", "provinces")]
    public async Task Create_BadBody_Is400ProblemNamingTheField(string json, string named)
    {
        var response = await _client.PostAsync("/api/v1/subscriptions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_ReturnsOnlyThePolicysFields_AndACursorThatResumes()
    {
        var id = await CreatePullAsync("bpjs");

        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/{id}?after=0&limit=1");

        var only = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("person.created", only.GetProperty("type").GetString());
        Assert.Equal(["name.full"], only.GetProperty("person").EnumerateObject().Select(p => p.Name));
        var next = page.GetProperty("next").GetInt64();
        Assert.Equal(only.GetProperty("seq").GetInt64(), next);

        var rest = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/{id}?after={next}&limit=10");
        var second = Assert.Single(rest.GetProperty("events").EnumerateArray());
        Assert.Equal("BUDI SANTOSO", second.GetProperty("person").GetProperty("name.full").GetString());
        var end = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/{id}?after={rest.GetProperty("next").GetInt64()}");
        Assert.Empty(end.GetProperty("events").EnumerateArray());
    }

    [Fact]
    public async Task Pull_BySubscriberItself_OnlyItsPolicysFields_EveryPersonAudited_AndNobodyElsesSubscription()
    {
        var id = await CreatePullAsync("bpjs");
        var access = _host.Services.GetRequiredService<HubDatabase>().Access;
        var otherKey = (await access.CreateClientAsync("djp", "DJP", [HubRole.Subscriber], null, CancellationToken.None)).Key.Key;
        using var subscriber = _host.CreateClient();
        subscriber.DefaultRequestHeaders.Remove("X-Api-Key");
        subscriber.DefaultRequestHeaders.Add("X-Api-Key", _subscriberKey);
        using var other = _host.CreateClient();
        other.DefaultRequestHeaders.Remove("X-Api-Key");
        other.DefaultRequestHeaders.Add("X-Api-Key", otherKey);

        using var response = await subscriber.GetAsync($"/api/v1/feeds/{id}?after=0");
        using var stranger = await other.GetAsync($"/api/v1/feeds/{id}?after=0");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var events = JsonDocument.Parse(body).RootElement.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(["name.full"], e.GetProperty("person").EnumerateObject().Select(p => p.Name)));
        Assert.DoesNotContain("3201015205900002", body, StringComparison.Ordinal); // the NIK is outside the policy
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode); // another client's subscription does not exist for it

        // Each person whose data left is an access in the audit log, with the subscriber, its purpose and the fields.
        var requestId = response.Headers.GetValues("X-Correlation-Id").Single();
        var store = _host.Services.GetRequiredService<IntegrationHub.Storage.Audit.AuditStore>();
        var reads = new List<IntegrationHub.Core.Audit.AuditEvent>();
        await foreach (var entry in store.ReadEntriesAsync(0, CancellationToken.None))
        {
            if (entry.Event.Action == "feed.read" && entry.Event.RequestId == requestId)
            {
                reads.Add(entry.Event);
            }
        }

        Assert.Equal(events.Select(e => Guid.Parse(e.GetProperty("personId").GetString()!)).Order(), reads.Select(r => r.SubjectPersonId!.Value).Order());
        Assert.All(reads, r => Assert.Equal(("bpjs", Purpose, "name.full"), (r.Actor, r.Purpose, string.Join(",", r.Fields!))));
        Assert.Equal(["3171010301750003", "3201015205900002"], reads.Select(r => r.SubjectNik).Order(StringComparer.Ordinal)); // withheld, yet recorded
    }

    [Fact]
    public async Task Pull_ProvinceFilter_PassesOverOtherProvincesButMovesTheCursor()
    {
        var id = await CreatePullAsync("bpjs", provinces: ["31"]);

        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/{id}?after=0");

        var only = Assert.Single(page.GetProperty("events").EnumerateArray());
        Assert.Equal("BUDI SANTOSO", only.GetProperty("person").GetProperty("name.full").GetString());
        Assert.Equal(page.GetProperty("latest").GetInt64(), page.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task Pull_ClientWithoutAPolicy_ReceivesNothing()
    {
        var id = await CreatePullAsync("stranger");

        var page = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/feeds/{id}?after=0");

        Assert.Empty(page.GetProperty("events").EnumerateArray());
    }

    [Theory]
    [InlineData("after=-1", "after")]
    [InlineData("after=abc", "after")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5000", "limit")]
    [InlineData("limit=x", "limit")]
    public async Task Pull_BadParameter_Is400Problem(string query, string named)
    {
        var id = await CreatePullAsync("bpjs");

        var response = await _client.GetAsync($"/api/v1/feeds/{id}?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(named, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_UnknownOrMalformedSubscription_Is404Or400()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/feeds/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/feeds/not-a-uuid")).StatusCode);
    }

    [Fact]
    public async Task Status_AndReplay_ForAWebhookSubscription()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = "http://127.0.0.1:9/hook" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("subscriptionId").GetString();

        var status = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/status");
        var badReplay = await _client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/replay", new { fromSeq = 1, fromTime = "2026-01-01T00:00:00Z" });
        var replay = await _client.PostAsJsonAsync($"/api/v1/subscriptions/{id}/replay", new { fromSeq = 0 });

        // A new subscription starts at the head of the feed: nothing is owed to it.
        Assert.Equal(0, status.GetProperty("lagEvents").GetInt64());
        Assert.Equal(0, status.GetProperty("deadLetters").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, badReplay.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync($"/api/v1/subscriptions/{id}/pause", null)).StatusCode);
        Assert.Equal("paused", (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/subscriptions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/subscriptions/{id}")).StatusCode);
    }

    [Fact]
    public async Task Pull_AfterAcknowledgesTheSubscribersPosition_AndTheStatusShowsItsLag()
    {
        var id = await CreatePullAsync("bpjs");
        var database = _host.Services.GetRequiredService<HubDatabase>();
        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(run.RunId, [Person("3273014107800004", "DEWI LESTARI", "32")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        var latest = await database.Feeds.LatestSeqAsync(CancellationToken.None);

        // Created at the head of the feed; the new person's events are owed.
        var status = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/status");
        Assert.Equal("pull", status.GetProperty("delivery").GetString());
        var owed = status.GetProperty("lagEvents").GetInt64();
        Assert.True(owed >= 1);
        Assert.True(status.GetProperty("lagSeconds").GetDouble() >= 0);

        // An administrator looking does not move the subscriber's position.
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/feeds/{id}?after={latest}")).StatusCode);
        Assert.Equal(owed, (await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/status")).GetProperty("lagEvents").GetInt64());

        // The subscriber asking for what follows the latest event has consumed everything.
        using var subscriber = _host.CreateClient();
        subscriber.DefaultRequestHeaders.Remove("X-Api-Key");
        subscriber.DefaultRequestHeaders.Add("X-Api-Key", _subscriberKey);
        Assert.Equal(HttpStatusCode.OK, (await subscriber.GetAsync($"/api/v1/feeds/{id}?after={latest}")).StatusCode);
        status = await _client.GetFromJsonAsync<JsonElement>($"/api/v1/subscriptions/{id}/status");
        Assert.Equal(0, status.GetProperty("lagEvents").GetInt64());
        Assert.Equal(0, status.GetProperty("lagSeconds").GetDouble());
        Assert.Equal(latest, status.GetProperty("consumedThroughSeq").GetInt64());
        Assert.Equal(JsonValueKind.String, status.GetProperty("consumedAt").ValueKind);
    }

    private async Task<string> CreatePullAsync(string client, string[]? provinces = null)
    {
        var created = await _client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = client, purpose = Purpose, delivery = "pull", provinces = provinces ?? [] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.TryGetProperty("secret", out _));
        return body.GetProperty("subscriptionId").GetString()!;
    }

    private static SourceRecord Person(string nik, string name, string province)
    {
        var canonical = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.ProvinceCode, province, "province")
            .Build();
        return new SourceRecord("dukcapil", nik, Nik.Parse(nik).Value, canonical, null, null) { IsIdentityAuthority = true };
    }
}
