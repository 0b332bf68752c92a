using System.Net;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Access;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Api.Tests.Metrics;

/// <summary>The active-clients gauge and the per-client request labels, from real requests with two API keys.</summary>
public sealed partial class ActiveClientsTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-active-clients-").FullName;
    private HubApiFactory _factory = null!;

    [GeneratedRegex(@"^hub_clients_active (?<value>\d+)$", RegexOptions.Multiline)]
    private static partial Regex ActiveSample();

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
    public async Task Metrics_AfterRequestsWithTwoKeys_CountTwoActiveClientsAndLabelRequestsByClient()
    {
        var (bpjs, _) = await _factory.CreateClientAsync("bpjs-ops", [HubRole.Subscriber]);
        var (djp, _) = await _factory.CreateClientAsync("djp-ops", [HubRole.Engineer]);
        using var anonymous = _factory.CreateAnonymousClient();
        using var wrongKey = _factory.CreateAnonymousClient();
        wrongKey.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key");

        Assert.Equal(HttpStatusCode.OK, (await bpjs.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bpjs.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await djp.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrongKey.GetAsync("/api/v1/me")).StatusCode);

        // An engineer may scrape.
        var text = await djp.GetStringAsync("/metrics");

        // Two clients authenticated; the unauthenticated callers are not clients.
        Assert.Equal("2", ActiveSample().Match(text).Groups["value"].Value);
        Assert.Contains("# TYPE hub_clients_active gauge", text, StringComparison.Ordinal);
        Assert.Contains("hub_http_request_duration_seconds_count{client=\"bpjs-ops\",endpoint=\"/api/v1/me/\",method=\"GET\",status=\"2xx\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("hub_http_request_duration_seconds_count{client=\"djp-ops\",endpoint=\"/api/v1/me/\",method=\"GET\",status=\"2xx\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("hub_http_request_duration_seconds_count{client=\"anonymous\",endpoint=\"/api/v1/me/\",method=\"GET\",status=\"4xx\"} 2\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-key", text, StringComparison.Ordinal);
        bpjs.Dispose();
        djp.Dispose();
    }
}
