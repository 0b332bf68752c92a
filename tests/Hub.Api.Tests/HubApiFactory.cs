using IntegrationHub.Core.Access;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests;

/// <summary>
/// The real API in-process on a database of its own: an SQLite directory, or a fresh PostgreSQL database.
/// <see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/> hands out a client that sends the bootstrap admin's
/// key and the purpose <see cref="DefaultPurpose"/> (the admin's own policy covers every field), so tests that are not
/// about access need no change. <see cref="CreateAnonymousClient"/> sends neither; <see cref="CreateClientAsync"/> makes a
/// client with the roles and policies a test needs.
/// </summary>
public sealed class HubApiFactory(string? dataDirectory, string? postgres) : WebApplicationFactory<Program>
{
    /// <summary>The purpose the default client names; the bootstrap admin has a policy for it.</summary>
    public const string DefaultPurpose = "admin-ops";

    // Beside the SQLite database when there is one (so that every factory over it finds the same key); otherwise
    // one file per PostgreSQL database.
    private readonly string _keyFile = dataDirectory is not null
        ? Path.Combine(dataDirectory, "admin.key")
        : Path.Combine(Path.GetTempPath(), "hub-test-" + Guid.NewGuid().ToString("N") + ".key");

    /// <summary>The bootstrap admin's key, once the server has started.</summary>
    public string AdminKey
    {
        get
        {
            _ = Services;
            return File.ReadAllText(_keyFile).Trim();
        }
    }

    /// <summary>
    /// Lets webhooks reach the tests' receivers on http://127.0.0.1, which the webhook address policy refuses by default,
    /// as an operator allows an on-premise receiver. Tests that create webhook subscriptions to loopback call this.
    /// </summary>
    public static IWebHostBuilder AllowLoopbackWebhooks(IWebHostBuilder builder) => builder
        .UseSetting("Hub:Feeds:Webhooks:AllowHttp", "true")
        .UseSetting("Hub:Feeds:Webhooks:AllowedNetworks:0", "127.0.0.1/32");

    /// <summary>The hub's database, as the server uses it.</summary>
    public HubDatabase Database => Services.GetRequiredService<HubDatabase>();

    /// <summary>A client that sends no API key and no purpose.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Remove("X-Api-Key");
        client.DefaultRequestHeaders.Remove("X-Purpose");
        return client;
    }

    /// <summary>
    /// Creates an API client with <paramref name="roles"/> and, for each of <paramref name="policies"/>, a policy for
    /// that purpose and those fields; returns an HTTP client sending its key (and the first policy's purpose, if any).
    /// </summary>
    public async Task<(HttpClient Http, string Key)> CreateClientAsync(
        string clientId, IReadOnlyCollection<HubRole> roles, IReadOnlyList<(string Purpose, string[] Fields)>? policies = null, DateTimeOffset? expiresAt = null)
    {
        var (_, key) = await Database.Access.CreateClientAsync(clientId, clientId, roles, expiresAt, CancellationToken.None);
        foreach (var (purpose, fields) in policies ?? [])
        {
            await Database.Access.SetPolicyAsync(clientId, purpose, fields, [], CancellationToken.None);
        }

        var http = CreateAnonymousClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key.Key);
        if (policies is [var first, ..])
        {
            http.DefaultRequestHeaders.Add("X-Purpose", first.Purpose);
        }

        return (http, key.Key);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (postgres is not null)
        {
            builder.UseSetting("Hub:Storage:PostgresConnectionString", postgres);
        }

        if (dataDirectory is not null)
        {
            builder.UseSetting("Hub:Storage:DataDirectory", dataDirectory);
        }

        builder.UseSetting("Hub:Access:BootstrapKeyFile", _keyFile);
        builder.UseSetting("Hub:Samples:IngestAtFirstStart", "true");
        // The in-memory test server listens nowhere, so the hub could not read its own sample BPJS API;
        // ApiProcessTests covers that against the real process.
        builder.UseSetting("Hub:Samples:ServeAgencies", "false");
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (File.Exists(_keyFile))
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", File.ReadAllText(_keyFile).Trim());
            client.DefaultRequestHeaders.Add("X-Purpose", DefaultPurpose);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && dataDirectory is null)
        {
            File.Delete(_keyFile);
        }
    }
}
