using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Access;

namespace IntegrationHub.Api.Tests.Access;

/// <summary>Rate limits per client, the Bearer alternative, the OpenAPI document, key rotation and the sample agency's own token.</summary>
public sealed class ProtectionTests(AccessTestHost host) : IClassFixture<AccessTestHost>
{
    [Fact]
    public async Task RateLimit_PerClient_Is429ProblemWithRetryAfter_AndOtherClientsAreUnaffected()
    {
        using var limited = host.Factory.WithWebHostBuilder(b => b.UseSetting("Hub:Access:RateLimitPermits", "3").UseSetting("Hub:Access:RateLimitWindowSeconds", "60"));
        using var admin = limited.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await admin.GetAsync("/api/v1/admin/clients");
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal("application/problem+json", last!.Content.Headers.ContentType?.MediaType);
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        last.Dispose();

        using var other = limited.CreateAnonymousClientWithKey(await NewKeyAsync("rate-other", HubRole.Engineer));
        using var fine = await other.GetAsync("/api/v1/review");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task BearerKey_ScrapesMetrics_AndOpenApiIsServedAnonymously()
    {
        var key = await NewKeyAsync("prometheus", HubRole.Engineer);
        using var http = host.Factory.CreateAnonymousClient();

        using var anonymous = await http.GetAsync("/metrics");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) } };
        using var scraped = await http.SendAsync(request);
        var openApi = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/persons/{nik}", out _));
    }

    [Fact]
    public async Task Rotate_WithOverlap_KeepsTheOldKeyWorking_WithoutOverlap_StopsIt()
    {
        var first = await NewKeyAsync("rotating", HubRole.Engineer);
        var second = await host.Factory.Database.Access.RotateKeyAsync("rotating", TimeSpan.FromHours(1), null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second!.Key));

        var third = await host.Factory.Database.Access.RotateKeyAsync("rotating", null, null, CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(second.Key));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(third!.Key));
    }

    [Fact]
    public async Task SampleAgency_WantsItsOwnToken_NotAHubKey()
    {
        using var agency = host.Factory.WithWebHostBuilder(b => b.UseSetting("Hub:Samples:ServeAgencies", "true").UseSetting("Hub:Samples:AgencyToken", "sample-agency-token-for-tests"));
        using var http = agency.CreateClient(); // sends the admin's hub key, which the agency does not take

        using var withHubKey = await http.GetAsync("/samples/bpjs/peserta");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/samples/bpjs/peserta") { Headers = { { "X-Agency-Token", "sample-agency-token-for-tests" } } };
        using var withToken = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, withHubKey.StatusCode);
        Assert.Equal("application/problem+json", withHubKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    private async Task<HttpStatusCode> StatusAsync(string key)
    {
        using var http = host.Factory.CreateAnonymousClientWithKey(key);
        using var response = await http.GetAsync("/api/v1/review");
        return response.StatusCode;
    }

    private async Task<string> NewKeyAsync(string clientId, HubRole role) =>
        (await host.Factory.Database.Access.CreateClientAsync(clientId, clientId, [role], null, CancellationToken.None)).Key.Key;
}

internal static class FactoryExtensions
{
    /// <summary>A client that sends <paramref name="key"/> and no purpose.</summary>
    public static HttpClient CreateAnonymousClientWithKey(this Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> factory, string key)
    {
        var http = factory.CreateClient();
        http.DefaultRequestHeaders.Remove("X-Api-Key");
        http.DefaultRequestHeaders.Remove("X-Purpose");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        return http;
    }
}
