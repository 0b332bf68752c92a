using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Api.Health;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Api.Tests.Health;

/// <summary>Liveness, readiness with its pluggable checks, and request correlation ids.</summary>
public sealed class HealthApiTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-health-").FullName;
    private readonly ScopeCapturingLoggerProvider _logs = new();
    private HubApiFactory _base = null!;
    private WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        // Health needs no data: the samples are not ingested, which keeps each start under a second.
        _base = new HubApiFactory(_directory, null);
        _factory = _base.WithWebHostBuilder(b => b.UseSetting("Hub:Samples:IngestAtFirstStart", "false"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _base.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Live_Answers200()
    {
        using var client = _factory.CreateClient();

        var live = await client.GetFromJsonAsync<JsonElement>("/health/live");

        Assert.Equal("alive", live.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_AfterStart_PassesStartupAndDatabaseAtTheExpectedSchemaVersion()
    {
        using var client = _factory.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        var checks = ready.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c);
        Assert.Equal("pass", checks["startup"].GetProperty("status").GetString());
        Assert.Equal("pass", checks["database"].GetProperty("status").GetString());
        var health = await client.GetFromJsonAsync<JsonElement>("/health");
        Assert.Contains($"schema version {health.GetProperty("expectedSchemaVersion").GetInt32()}", checks["database"].GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ready_WithAFailingRegisteredCheck_Is503AndNamesIt()
    {
        using var factory = _factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IReadinessCheck>(new FailingCheck())));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var ready = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("not-ready", ready.GetProperty("status").GetString());
        var scheduler = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "example");
        Assert.Equal("fail", scheduler.GetProperty("status").GetString());
        Assert.Equal("no scheduler node has checked in", scheduler.GetProperty("detail").GetString());
        // Liveness does not depend on readiness: the process is up.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task CorrelationId_GivenByTheCaller_IsEchoedAndScopesTheRequestsLogLines()
    {
        using var factory = _factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(_logs).AddFilter<ScopeCapturingLoggerProvider>(null, LogLevel.Trace)));
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/persons/3201010101010999");
        request.Headers.Add("X-Correlation-Id", "case-4711.retry-2");

        using var response = await client.SendAsync(request);

        Assert.Equal("case-4711.retry-2", Assert.Single(response.Headers.GetValues("X-Correlation-Id")));
        Assert.Contains(_logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Scopes.Contains("CorrelationId=case-4711.retry-2"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces and \"quotes\"")]
    [InlineData("an-id-that-is-far-too-long-to-be-accepted-as-a-correlation-id-by-the-hub")]
    public async Task CorrelationId_MissingOrUnacceptable_IsReplacedByANewOne(string? given)
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        if (given is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Correlation-Id", given);
        }

        using var first = await client.SendAsync(request);
        using var second = await client.GetAsync("/health/live");

        var id = Assert.Single(first.Headers.GetValues("X-Correlation-Id"));
        Assert.Matches("^[0-9a-f]{32}$", id);
        Assert.NotEqual(id, Assert.Single(second.Headers.GetValues("X-Correlation-Id")));
    }

    private sealed class FailingCheck : IReadinessCheck
    {
        public string Name => "example";

        public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(ReadinessResult.Fail("no scheduler node has checked in"));
    }
}
