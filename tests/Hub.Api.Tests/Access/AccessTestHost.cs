using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Api.Tests.Access;

/// <summary>
/// One API on SQLite (samples ingested) shared by a test class, with one client per role, each holding a policy for
/// the purpose <see cref="Purpose"/> over every field, plus an expired and a revoked key.
/// </summary>
public sealed class AccessTestHost : IAsyncLifetime
{
    public const string Purpose = "matrix-check";

    private readonly string _directory = Directory.CreateTempSubdirectory("hub-access-").FullName;

    public HubApiFactory Factory { get; private set; } = null!;

    /// <summary>A client per caller kind: each role, and missing, invalid, expired and revoked keys.</summary>
    public Dictionary<Caller, HttpClient> Clients { get; } = [];

    public async Task InitializeAsync()
    {
        Factory = new HubApiFactory(_directory, null);
        string[] everyField = [.. CanonicalFields.All.Select(f => f.Path)];
        foreach (var (caller, role) in new[] { (Caller.Subscriber, HubRole.Subscriber), (Caller.Engineer, HubRole.Engineer), (Caller.Auditor, HubRole.Auditor), (Caller.Admin, HubRole.Admin) })
        {
            Clients[caller] = (await Factory.CreateClientAsync("matrix-" + caller.ToString().ToLowerInvariant(), [role], [(Purpose, everyField)])).Http;
        }

        Clients[Caller.Expired] = (await Factory.CreateClientAsync("matrix-expired", [HubRole.Admin], [(Purpose, everyField)], DateTimeOffset.UtcNow.AddSeconds(-1))).Http;
        var revoked = await Factory.CreateClientAsync("matrix-revoked", [HubRole.Admin], [(Purpose, everyField)]);
        await Factory.Database.Access.RevokeClientAsync("matrix-revoked", CancellationToken.None);
        Clients[Caller.Revoked] = revoked.Http;
        Clients[Caller.Missing] = Factory.CreateAnonymousClient();
        Clients[Caller.Missing].DefaultRequestHeaders.Add("X-Purpose", Purpose);
        var invalid = Factory.CreateAnonymousClient();
        // Shaped like a key, with the id of a real one and a wrong secret.
        var real = Factory.AdminKey;
        invalid.DefaultRequestHeaders.Add("X-Api-Key", real[..(ApiKeys.Prefix.Length + 13)] + "not-the-secret");
        invalid.DefaultRequestHeaders.Add("X-Purpose", Purpose);
        Clients[Caller.Invalid] = invalid;
    }

    public async Task DisposeAsync()
    {
        foreach (var client in Clients.Values)
        {
            client.Dispose();
        }

        await Factory.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }
}

/// <summary>Who calls: a client of each role, or a request with a missing, invalid, expired or revoked key.</summary>
public enum Caller
{
    Subscriber,
    Engineer,
    Auditor,
    Admin,
    Missing,
    Invalid,
    Expired,
    Revoked,
}
