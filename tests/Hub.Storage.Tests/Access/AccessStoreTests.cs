using IntegrationHub.Core.Access;
using IntegrationHub.Storage.Access;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests.Access;

/// <summary>Clients, keys and policies on a real engine; each test gets a database of its own.</summary>
public abstract class AccessStoreTests : IAsyncLifetime
{
    private HubDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected HubDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    private AccessStore Store => Database.Access;

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(await CreateEmptyDatabaseAsync(), Time);
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreateClient_StoresOnlyTheDigest_AndTheKeyIsFoundByItsIdAndMatches()
    {
        var (client, key) = await Store.CreateClientAsync("dinsos-bandung", "Dinas Sosial Kota Bandung", [HubRole.Subscriber, HubRole.Auditor], null, CancellationToken.None);

        Assert.True(ApiKeys.TryParse(key.Key, out var keyId, out var secret));
        Assert.Equal(key.KeyId, keyId);
        var stored = await Store.FindCredentialAsync(keyId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.True(ApiKeys.Matches(secret, stored.SecretHash));
        Assert.False(ApiKeys.Matches(secret + "x", stored.SecretHash));
        Assert.DoesNotContain(secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(["subscriber", "auditor"], stored.Client.Roles.Order().Select(HubRoles.Name));
        Assert.Equal(client.CreatedAt, stored.Key.CreatedAt);
        Assert.True(stored.Key.IsActive(Time.GetUtcNow()));
        Assert.Equal(1, await Store.CountClientsAsync(CancellationToken.None));

        // Nothing in the database holds the secret.
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT key_id || secret_hash || client_id FROM access_key";
        var row = (string?)await command.ExecuteScalarAsync();
        Assert.DoesNotContain(secret, row!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateClient_RefusesADuplicateAMalformedIdAndNoRole()
    {
        await Store.CreateClientAsync("bpjs-portal", "x", [HubRole.Subscriber], null, CancellationToken.None);

        await Assert.ThrowsAsync<AccessStoreException>(() => Store.CreateClientAsync("bpjs-portal", "x", [HubRole.Subscriber], null, CancellationToken.None));
        await Assert.ThrowsAsync<AccessStoreException>(() => Store.CreateClientAsync("Bad Id'; --", "x", [HubRole.Subscriber], null, CancellationToken.None));
        await Assert.ThrowsAsync<AccessStoreException>(() => Store.CreateClientAsync("no-roles", "x", [], null, CancellationToken.None));
        Assert.Equal(1, await Store.CountClientsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Expiry_Rotation_AndRevocation_ChangeWhatIsActive()
    {
        var (_, first) = await Store.CreateClientAsync("engineer-1", "x", [HubRole.Engineer], Time.GetUtcNow().AddDays(30), CancellationToken.None);
        var found = await Store.FindCredentialAsync(first.KeyId, CancellationToken.None);
        Assert.Equal(Time.GetUtcNow().AddDays(30), found!.Key.ExpiresAt);

        var second = await Store.RotateKeyAsync("engineer-1", TimeSpan.FromHours(2), null, CancellationToken.None);
        var oldKey = (await Store.FindCredentialAsync(first.KeyId, CancellationToken.None))!.Key;
        Assert.Equal(Time.GetUtcNow().AddHours(2), oldKey.ExpiresAt);
        Assert.True(oldKey.IsActive(Time.GetUtcNow()));
        Time.Advance(TimeSpan.FromHours(3));
        Assert.False(oldKey.IsActive(Time.GetUtcNow()));
        Assert.True((await Store.FindCredentialAsync(second!.KeyId, CancellationToken.None))!.Key.IsActive(Time.GetUtcNow()));

        var third = await Store.RotateKeyAsync("engineer-1", null, null, CancellationToken.None);
        Assert.NotNull((await Store.FindCredentialAsync(second.KeyId, CancellationToken.None))!.Key.RevokedAt);

        Assert.True(await Store.RevokeClientAsync("engineer-1", CancellationToken.None));
        var revoked = await Store.FindCredentialAsync(third!.KeyId, CancellationToken.None);
        Assert.NotNull(revoked!.Key.RevokedAt);
        Assert.NotNull(revoked.Client.RevokedAt);
        Assert.False(await Store.RevokeClientAsync("engineer-1", CancellationToken.None));
        Assert.Null(await Store.RotateKeyAsync("engineer-1", null, null, CancellationToken.None));
        Assert.Null(await Store.RotateKeyAsync("nobody", null, null, CancellationToken.None));

        var (_, keys) = (await Store.GetClientAsync("engineer-1", CancellationToken.None))!.Value;
        Assert.Equal(3, keys.Count);
        Assert.All(keys, k => Assert.False(k.IsActive(Time.GetUtcNow())));
    }

    [Fact]
    public async Task Policies_AreSetReplacedFoundListedAndRemoved_PerClientAndPurpose()
    {
        await Store.CreateClientAsync("dinsos", "x", [HubRole.Subscriber], null, CancellationToken.None);
        await Store.CreateClientAsync("djp", "x", [HubRole.Subscriber], null, CancellationToken.None);

        await Store.SetPolicyAsync("dinsos", "bansos-eligibility", ["name.full", "birthDate"], ["person.updated"], CancellationToken.None);
        await Store.SetPolicyAsync("dinsos", "bansos-eligibility", ["name.full", "address.regencyCode", "name.full"], [], CancellationToken.None);
        await Store.SetPolicyAsync("djp", "tax-registration", ["nik", "npwp"], [], CancellationToken.None);

        var policy = await Store.FindAsync("dinsos", "bansos-eligibility", CancellationToken.None);
        Assert.NotNull(policy);
        Assert.Equal(["address.regencyCode", "name.full"], policy.Fields.Order(StringComparer.Ordinal));
        Assert.Empty(policy.EventTypes);
        Assert.True(policy.AllowsField("name.full"));
        Assert.False(policy.AllowsField("birthDate"));
        Assert.Null(await Store.FindAsync("dinsos", "tax-registration", CancellationToken.None));
        Assert.Null(await Store.FindAsync("djp", "bansos-eligibility", CancellationToken.None));
        Assert.Equal(["djp/tax-registration", "dinsos/bansos-eligibility"], (await Store.ListPoliciesAsync(null, CancellationToken.None)).Select(p => p.PolicyId).Order(StringComparer.Ordinal).Reverse());
        Assert.Single(await Store.ListPoliciesAsync("djp", CancellationToken.None));

        Assert.True(await Store.RemovePolicyAsync("dinsos", "bansos-eligibility", CancellationToken.None));
        Assert.False(await Store.RemovePolicyAsync("dinsos", "bansos-eligibility", CancellationToken.None));
        Assert.Null(await Store.FindAsync("dinsos", "bansos-eligibility", CancellationToken.None));
    }

    [Fact]
    public async Task SetPolicy_RefusesUnknownClientsFieldsAndMalformedPurposes()
    {
        await Store.CreateClientAsync("dinsos", "x", [HubRole.Subscriber], null, CancellationToken.None);

        await Assert.ThrowsAsync<AccessStoreException>(() => Store.SetPolicyAsync("nobody", "bansos", ["name.full"], [], CancellationToken.None));
        await Assert.ThrowsAsync<AccessStoreException>(() => Store.SetPolicyAsync("dinsos", "bansos", ["name.full", "password"], [], CancellationToken.None));
        await Assert.ThrowsAsync<AccessStoreException>(() => Store.SetPolicyAsync("dinsos", "Bansos Eligibility", ["name.full"], [], CancellationToken.None));
        Assert.Empty(await Store.ListPoliciesAsync(null, CancellationToken.None));
    }
}

public sealed class SqliteAccessStoreTests : AccessStoreTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-access-" + Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

public sealed class PostgresAccessStoreTests : AccessStoreTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
}
