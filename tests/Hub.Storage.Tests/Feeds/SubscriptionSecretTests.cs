using System.Security.Cryptography;
using Dapper;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Feeds;

namespace IntegrationHub.Storage.Tests.Feeds;

/// <summary>
/// Webhook signing secrets at rest, on a real database: stored encrypted under the key file (never in the column in
/// plain text), bound to their row, readable back, rotated encrypted, plain-text rows from before encryption read and
/// encrypted by the start-up step, and a wrong or missing key file refused with a message that says so.
/// </summary>
public abstract class SubscriptionSecretTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-secrets-" + Guid.NewGuid().ToString("N"));
    private StorageOptions _options = null!;
    private HubDatabase? _database;

    private string KeyFile => Path.Combine(_directory, "keys", "secrets.key");

    private HubDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync(string directory);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _options = await CreateEmptyDatabaseAsync(_directory);
        _options.SecretsKeyFile = KeyFile;
        _database = HubDatabase.Open(_options);
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Create_StoresTheSecretEncrypted_AndReadsItBack()
    {
        var secret = NewSecret();
        var id = await CreateAsync(secret);

        var (stored, _) = await StoredAsync(id);
        Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, stored!, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], stored!, StringComparison.Ordinal);
        Assert.Equal(3, stored!.Split(':').Length);
        Assert.Equal(secret, (await Database.Feeds.GetSubscriptionAsync(id, CancellationToken.None))!.Secret);
        Assert.Equal(secret, Assert.Single(await Database.Feeds.ListSubscriptionsAsync(CancellationToken.None)).Secret);

        // The same secret encrypts differently each time (a fresh nonce), so equal secrets cannot be spotted.
        var other = await CreateAsync(secret);
        Assert.NotEqual(stored, (await StoredAsync(other)).Secret);
    }

    [Fact]
    public async Task KeyFile_CreatedOnFirstUse_ThirtyTwoBytes_OwnerOnly()
    {
        Assert.False(File.Exists(KeyFile));

        await CreateAsync(NewSecret());

        Assert.Equal(32, new FileInfo(KeyFile).Length);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }

        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(KeyFile)!, "*.tmp-*"));
    }

    [Fact]
    public async Task Rotation_BothSecretsStoredEncrypted_AndBothSignDuringTheOverlap()
    {
        var old = NewSecret();
        var id = await CreateAsync(old);
        var rotated = NewSecret();
        var now = DateTimeOffset.UtcNow;

        Assert.True(await Database.Feeds.RotateSecretAsync(id, rotated, now.AddHours(1), now, CancellationToken.None));

        var (secret, previous) = await StoredAsync(id);
        Assert.StartsWith("v1:", secret, StringComparison.Ordinal);
        Assert.StartsWith("v1:", previous, StringComparison.Ordinal);
        Assert.DoesNotContain(rotated, secret!, StringComparison.Ordinal);
        Assert.DoesNotContain(old, previous!, StringComparison.Ordinal);
        var read = (await Database.Feeds.GetSubscriptionAsync(id, CancellationToken.None))!;
        Assert.Equal([rotated, old], read.ActiveSecrets(now));
        Assert.Equal([rotated], read.ActiveSecrets(now.AddHours(2)));
    }

    [Fact]
    public async Task CiphertextCopiedToAnotherSubscription_DoesNotDecryptThere()
    {
        var first = await CreateAsync(NewSecret());
        var second = await CreateAsync(NewSecret());
        var (stolen, _) = await StoredAsync(first);

        await ExecuteAsync("UPDATE feed_subscription SET secret = @Secret WHERE subscription_id = @Id", new { Secret = stolen, Id = IdParameter(second) });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => Database.Feeds.GetSubscriptionAsync(second, CancellationToken.None));
        Assert.Contains(second.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains("does not decrypt", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainTextRowsFromBeforeEncryption_AreRead_ThenEncryptedByTheStartupStep()
    {
        var current = NewSecret();
        var previous = NewSecret();
        var id = await CreateAsync(NewSecret());
        var untouched = await CreateAsync(NewSecret());
        var untouchedStored = (await StoredAsync(untouched)).Secret;
        // As a database written before encryption at rest holds them.
        await ExecuteAsync(
            "UPDATE feed_subscription SET secret = @Current, previous_secret = @Previous WHERE subscription_id = @Id",
            new { Current = current, Previous = previous, Id = IdParameter(id) });

        var before = (await Database.Feeds.GetSubscriptionAsync(id, CancellationToken.None))!;
        Assert.Equal(current, before.Secret);
        Assert.Equal(previous, before.PreviousSecret);

        var check = await Database.Feeds.PrepareSecretsAsync(CancellationToken.None);

        Assert.Equal(new SecretsCheck(2, 1, KeyFile), check);
        var (secret, previousStored) = await StoredAsync(id);
        Assert.StartsWith("v1:", secret, StringComparison.Ordinal);
        Assert.StartsWith("v1:", previousStored, StringComparison.Ordinal);
        Assert.DoesNotContain(current, secret!, StringComparison.Ordinal);
        Assert.DoesNotContain(previous, previousStored!, StringComparison.Ordinal);
        Assert.Equal(untouchedStored, (await StoredAsync(untouched)).Secret);
        var after = (await Database.Feeds.GetSubscriptionAsync(id, CancellationToken.None))!;
        Assert.Equal(current, after.Secret);
        Assert.Equal(previous, after.PreviousSecret);

        // Run again (another node starting): nothing left to encrypt.
        Assert.Equal(new SecretsCheck(2, 0, KeyFile), await Database.Feeds.PrepareSecretsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task WrongKeyFile_StartupStepFails_NamingTheFile_WithoutTheSecret()
    {
        var secret = NewSecret();
        await CreateAsync(secret);
        await File.WriteAllBytesAsync(KeyFile, RandomNumberGenerator.GetBytes(32));

        await using var reopened = HubDatabase.Open(_options);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.Feeds.PrepareSecretsAsync(CancellationToken.None));

        Assert.Contains(KeyFile, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not the key the secrets were encrypted with", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingKeyFile_WithEncryptedSecrets_StartupStepFails_AndNoNewKeyIsMade()
    {
        await CreateAsync(NewSecret());
        File.Delete(KeyFile);

        await using var reopened = HubDatabase.Open(_options);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => reopened.Feeds.PrepareSecretsAsync(CancellationToken.None));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        Assert.Contains(KeyFile, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(KeyFile));
    }

    [Fact]
    public async Task KeyFile_AsBase64Text_IsAccepted()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        await File.WriteAllTextAsync(KeyFile, Convert.ToBase64String(key) + "\n");
        var secret = NewSecret();
        var id = await CreateAsync(secret);

        // The same key, given raw, reads what the base64 form wrote.
        await File.WriteAllBytesAsync(KeyFile, key);
        await using var reopened = HubDatabase.Open(_options);
        Assert.Equal(secret, (await reopened.Feeds.GetSubscriptionAsync(id, CancellationToken.None))!.Secret);

        await File.WriteAllTextAsync(KeyFile, "too short");
        await using var broken = HubDatabase.Open(_options);
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => broken.Feeds.PrepareSecretsAsync(CancellationToken.None));
        Assert.Contains("does not hold a 32-byte key", ex.Message, StringComparison.Ordinal);
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task<Guid> CreateAsync(string secret)
    {
        var id = Guid.NewGuid();
        await Database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, "bpjs", "jaminan-kesehatan", SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri("https://bpjs.example/hook"), false, DateTimeOffset.UtcNow),
            secret,
            CancellationToken.None);
        return id;
    }

    private object IdParameter(Guid id) => Database.Provider == DatabaseProvider.Postgres ? id : id.ToString();

    private async Task<(string? Secret, string? Previous)> StoredAsync(Guid id)
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(string?, string?)>(
            "SELECT secret, previous_secret FROM feed_subscription WHERE subscription_id = @Id", new { Id = IdParameter(id) });
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }
}

/// <summary>Secrets at rest on SQLite.</summary>
public sealed class SqliteSubscriptionSecretTests : SubscriptionSecretTests
{
    protected override Task<StorageOptions> CreateEmptyDatabaseAsync(string directory) =>
        Task.FromResult(new StorageOptions { DataDirectory = Path.Combine(directory, "data") });
}

/// <summary>Secrets at rest on PostgreSQL.</summary>
public sealed class PostgresSubscriptionSecretTests : SubscriptionSecretTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync(string directory) =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync(), DataDirectory = Path.Combine(directory, "data") };
}
