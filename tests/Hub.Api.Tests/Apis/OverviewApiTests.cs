using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary><c>GET /api/v1/overview</c> on the embedded default after the Dukcapil sample, and its one parameter.</summary>
public sealed class OverviewApiTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-overview-api-").FullName;
    private HubApiFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new HubApiFactory(_directory, null);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Overview_AfterTheSample_CountsWhatHealthAndTheRunReport()
    {
        using var client = _factory.CreateClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        var overview = await client.GetFromJsonAsync<JsonElement>("/api/v1/overview");

        Assert.Equal(health.GetProperty("persons").GetInt64(), overview.GetProperty("persons").GetInt64());
        var run = overview.GetProperty("recentRuns").EnumerateArray().Single(r => r.GetProperty("source").GetString() == "dukcapil");
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal(run.GetProperty("read").GetInt64(), run.GetProperty("accepted").GetInt64() + run.GetProperty("unchanged").GetInt64() + run.GetProperty("quarantined").GetInt64());
        Assert.True(run.GetProperty("quarantined").GetInt64() > 0, "the Dukcapil sample is broken on purpose in about 2% of its rows");
        Assert.Equal(run.GetProperty("quarantined").GetInt64(), overview.GetProperty("quarantineOpen").GetInt64());
        var dukcapil = overview.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("source").GetString() == "dukcapil");
        Assert.Equal(run.GetProperty("accepted").GetInt64(), dukcapil.GetProperty("records").GetInt64());
        Assert.True(run.GetProperty("durationSeconds").GetDouble() > 0);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    public async Task Overview_RunsOutOfRange_Is400ProblemDetails(string runs)
    {
        using var client = _factory.CreateClient();
        using var response = await client.GetAsync($"/api/v1/overview?runs={runs}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("runs must be between 1 and 200", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
