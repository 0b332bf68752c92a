using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Access;

/// <summary>
/// Hostile input over real HTTP (Kestrel on loopback), as the bootstrap admin: SQL injection strings, oversized bodies,
/// malformed JSON, path traversal, non-ASCII and 10,000-element arrays each get a 4xx ProblemDetails; nothing is
/// stored (clients, policies, persons and audit entries are as before) and the server stays healthy.
/// </summary>
public sealed class HostileInputTests(KestrelHubHost host) : IClassFixture<KestrelHubHost>
{
    private const string Injection = "' OR '1'='1'; DROP TABLE person; --";

    public static TheoryData<string, string, string, string?> Cases() => new()
    {
        // SQL injection
        { "sql-nik", "GET", "/api/v1/persons/" + Uri.EscapeDataString(Injection), null },
        { "sql-search-name", "GET", "/api/v1/persons/search?birthDate=1990-01-01&name=" + Uri.EscapeDataString(Injection), null },
        { "sql-search-date", "GET", "/api/v1/persons/search?name=Budi&birthDate=" + Uri.EscapeDataString(Injection), null },
        { "sql-purpose", "GET", "/api/v1/persons/3201010101010999?purpose=" + Uri.EscapeDataString(Injection), "no-header" },
        { "sql-verify-nik", "POST", "/api/v1/persons/verify", JsonSerializer.Serialize(new { nik = Injection, fields = new Dictionary<string, string> { ["name.full"] = "x" } }) },
        { "sql-client-id", "POST", "/api/v1/admin/clients", JsonSerializer.Serialize(new { clientId = Injection, roles = new[] { "admin" } }) },
        { "sql-policy-purpose", "PUT", "/api/v1/admin/policies/admin/" + Uri.EscapeDataString(Injection), JsonSerializer.Serialize(new { fields = new[] { "name.full" } }) },
        { "sql-policy-field", "PUT", "/api/v1/admin/policies/admin/hostile", JsonSerializer.Serialize(new { fields = new[] { Injection } }) },
        // malformed JSON
        { "json-truncated", "POST", "/api/v1/persons/verify", "{\"nik\": \"3201010101010999\", \"fields\": {" },
        { "json-wrong-type", "POST", "/api/v1/persons/verify", "{\"nik\": 42, \"fields\": \"x\"}" },
        { "json-not-json", "POST", "/api/v1/admin/clients", "clientId=x&roles=admin" },
        { "json-empty", "PUT", "/api/v1/admin/policies/admin/hostile", "" },
        // path traversal
        { "traversal-nik", "GET", "/api/v1/persons/..%2F..%2F..%2Fetc%2Fpasswd", null },
        { "traversal-client", "GET", "/api/v1/admin/clients/..%2F..%2Fetc%2Fpasswd", null },
        { "traversal-policy", "PUT", "/api/v1/admin/policies/..%2Fadmin/..%2F..%2Fetc", JsonSerializer.Serialize(new { fields = new[] { "name.full" } }) },
        // non-ASCII
        { "unicode-nik", "GET", "/api/v1/persons/" + Uri.EscapeDataString("３２０１０１０１０１０１０９９９"), null },
        { "unicode-name", "GET", "/api/v1/persons/search?birthDate=1990-01-01&name=" + Uri.EscapeDataString("💀💀💀"), null },
        { "unicode-purpose", "GET", "/api/v1/persons/3201010101010999?purpose=" + Uri.EscapeDataString("bansös"), "no-header" },
        { "unicode-client", "POST", "/api/v1/admin/clients", JsonSerializer.Serialize(new { clientId = "klien-ñ", roles = new[] { "admin" } }) },
        { "unicode-field", "POST", "/api/v1/persons/verify", JsonSerializer.Serialize(new { nik = "3201010101010999", fields = new Dictionary<string, string> { ["nāma"] = "x" } }) },
        // 10,000-element arrays
        { "array-verify-fields", "POST", "/api/v1/persons/verify", JsonSerializer.Serialize(new { nik = "3201010101010999", fields = Enumerable.Range(0, 10_000).ToDictionary(i => "f" + i, _ => "x") }) },
        { "array-verify-list", "POST", "/api/v1/persons/verify", JsonSerializer.Serialize(new { nik = "3201010101010999", fields = Enumerable.Range(0, 10_000).Select(i => "name.full").ToArray() }) },
        { "array-policy-fields", "PUT", "/api/v1/admin/policies/admin/hostile", JsonSerializer.Serialize(new { fields = Enumerable.Repeat("name.full", 10_000).ToArray() }) },
        { "array-client-roles", "POST", "/api/v1/admin/clients", JsonSerializer.Serialize(new { clientId = "many-roles", roles = Enumerable.Repeat("admin", 10_000).ToArray() }) },
        // oversized body (2 MiB, over the 1 MiB default)
        { "oversized", "POST", "/api/v1/persons/verify", "{\"nik\":\"" + new string('1', 2 * 1024 * 1024) + "\"}" },
    };

    private static async Task<List<string>> ClientsAsync(Storage.HubDatabase database) =>
        [.. (await database.Access.ListClientsAsync(CancellationToken.None)).Select(c => c.ClientId + ":" + Core.Access.HubRoles.Format(c.Roles) + ":" + c.RevokedAt)];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task HostileInput_Is4xxProblem_StoresNothing_AndTheServerStaysHealthy(string name, string method, string path, string? body)
    {
        var database = host.Factory.Database;
        var audit = host.Factory.Services.GetRequiredService<IntegrationHub.Storage.Audit.AuditStore>();
        using var http = host.Factory.CreateClient();
        Assert.NotEqual(80, http.BaseAddress!.Port); // real HTTP on loopback, not the in-memory server
        var clients = await ClientsAsync(database);
        var policies = await database.Access.ListPoliciesAsync(null, CancellationToken.None);
        var persons = await database.MasterIndex.CountPersonsAsync(CancellationToken.None);
        var audited = (await audit.GetHeadAsync(CancellationToken.None)).Seq;

        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body == "no-header")
        {
            request.Headers.Add("X-Purpose-Ignored", "1");
            http.DefaultRequestHeaders.Remove("X-Purpose");
        }
        else if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await http.SendAsync(request);

        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{name}: {method} {path} gave {status}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("DROP TABLE", problem.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(clients, await ClientsAsync(database));
        Assert.Equal(policies.Select(p => p.PolicyId + string.Join(',', p.Fields.Order())), (await database.Access.ListPoliciesAsync(null, CancellationToken.None)).Select(p => p.PolicyId + string.Join(',', p.Fields.Order())));
        Assert.Equal(persons, await database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        Assert.Equal(audited, (await audit.GetHeadAsync(CancellationToken.None)).Seq);
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

/// <summary>The API on Kestrel, on a loopback port, over an SQLite directory of its own (samples ingested).</summary>
public sealed class KestrelHubHost : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-hostile-").FullName;

    public HubApiFactory Factory { get; private set; } = null!;

    public Task InitializeAsync()
    {
        Factory = new HubApiFactory(_directory, null);
        Factory.UseKestrel(0);
        Factory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }
}
