using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Storage;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary><c>GET /api/v1/stats</c> over an index with known counts: names, suppression, access by key.</summary>
public sealed class StatsApiTests : IAsyncLifetime, IDisposable
{
    private const string Key = "a-statistics-key-for-tests-only";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-stats-api-").FullName;
    private HubApiFactory _factory = null!;

    public async Task InitializeAsync()
    {
        // A seeded index is not empty, so the samples are not ingested at start: the counts stay the known ones.
        await using (var database = HubDatabase.Open(new StorageOptions { DataDirectory = _directory }))
        {
            await database.Migrator.MigrateAsync(CancellationToken.None);
            await Storage.Tests.Statistics.KnownPopulation.SeedAsync(database);
        }

        _factory = new HubApiFactory(_directory, null);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Stats_Public_CountsPerProvinceAndRegencyWithNamesAndSmallCellsSuppressed()
    {
        using var client = _factory.CreateClient();

        var stats = await client.GetFromJsonAsync<JsonElement>("/api/v1/stats");

        Assert.Equal(10, stats.GetProperty("minimumCellSize").GetInt32());
        var provinces = stats.GetProperty("provinces").EnumerateArray().ToDictionary(p => p.GetProperty("code").GetString()!);
        var jabar = provinces["32"];
        Assert.Equal("Jawa Barat", jabar.GetProperty("name").GetString(), ignoreCase: true);
        Assert.Equal(110, jabar.GetProperty("persons").GetInt64());
        var regencies = jabar.GetProperty("regencies").EnumerateArray().ToDictionary(r => r.GetProperty("code").GetString() ?? "unknown");
        Assert.Equal(JsonValueKind.Null, regencies["3202"].GetProperty("persons").ValueKind);
        Assert.Equal(["persons", "deceased", "bpjsMembers", "npwpHolders"], regencies["3202"].GetProperty("suppressed").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(25, regencies["3201"].GetProperty("persons").GetInt64());
        Assert.Equal(JsonValueKind.Null, regencies["3201"].GetProperty("deceased").ValueKind);
        Assert.Contains("Bogor", regencies["3201"].GetProperty("name").GetString(), StringComparison.OrdinalIgnoreCase);

        // No published value is below k, and no province has a lone suppressed regency under a published total.
        foreach (var province in provinces.Values)
        {
            foreach (var measure in new[] { "persons", "deceased", "bpjsMembers", "npwpHolders" })
            {
                var cells = province.GetProperty("regencies").EnumerateArray().Select(r => r.GetProperty(measure)).ToList();
                Assert.DoesNotContain(cells, c => c.ValueKind == JsonValueKind.Number && c.GetInt64() is > 0 and < 10);
                if (province.GetProperty(measure).ValueKind == JsonValueKind.Number)
                {
                    Assert.NotEqual(1, cells.Count(c => c.ValueKind == JsonValueKind.Null));
                }
            }
        }

        Assert.Equal(JsonValueKind.Null, provinces["33"].GetProperty("persons").ValueKind);
        var jatim = provinces["35"].GetProperty("regencies").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, jatim[0].GetProperty("deceased").ValueKind);
        Assert.Equal(JsonValueKind.Null, jatim[1].GetProperty("deceased").ValueKind);
        Assert.Equal(12, provinces["35"].GetProperty("deceased").GetInt64());
    }

    [Fact]
    public async Task Stats_BehindAKey_RefusesWithoutTheRightKeyAndAnswersWithIt()
    {
        using var factory = _factory.WithWebHostBuilder(b => b.UseSetting("Hub:Stats:Access", "key").UseSetting("Hub:Stats:ApiKey", Key));
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key"); // the statistics key, not a client key, is what this is about

        using var none = await client.GetAsync("/api/v1/stats");
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats") { Headers = { { "X-Api-Key", Key + "x" } } };
        using var wrong = await client.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, "/api/v1/stats") { Headers = { { "X-Api-Key", Key } } };
        using var right = await client.SendAsync(rightRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(Key, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        // The key guards this endpoint only.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
