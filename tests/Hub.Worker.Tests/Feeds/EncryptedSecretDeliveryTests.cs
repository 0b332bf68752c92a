using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dapper;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;
using WebhookReceiver;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// Secrets encrypted at rest still sign what the receivers verify, on both engines: the sample receiver's verifier
/// (the Standard Webhooks recipe) accepts the hub's real deliveries with the secret handed out at creation, while the
/// column holds only ciphertext; after a rotation a receiver holding the old secret and one holding the new both verify.
/// </summary>
public abstract class EncryptedSecretDeliveryTests : IAsyncLifetime
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-secret-delivery-" + Guid.NewGuid().ToString("N"));
    private HubDatabase _database = null!;

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync(string directory);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        var options = await CreateEmptyDatabaseAsync(_directory);
        options.SecretsKeyFile = Path.Combine(_directory, "secrets.key");
        _database = HubDatabase.Open(options);
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Delivery_VerifiesWithTheHandedOutSecret_BeforeAndAfterRotation_WhileTheColumnHoldsCiphertext()
    {
        var oldSecret = NewSecret();
        var newSecret = NewSecret();
        var holdsOld = new StandardWebhookVerifier([oldSecret], TimeSpan.FromMinutes(5));
        var holdsNew = new StandardWebhookVerifier([newSecret], TimeSpan.FromMinutes(5));
        var results = new ConcurrentQueue<(StandardWebhookVerifier.Result Old, StandardWebhookVerifier.Result New)>();
        await using var receiver = await LoopbackServer.StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers;
            StandardWebhookVerifier.Result old, fresh;
            lock (results)
            {
                old = holdsOld.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], buffer.ToArray(), DateTimeOffset.UtcNow);
                fresh = holdsNew.Verify(headers["webhook-id"], headers["webhook-timestamp"], headers["webhook-signature"], buffer.ToArray(), DateTimeOffset.UtcNow);
            }

            results.Enqueue((old, fresh));
            context.Response.StatusCode = old == StandardWebhookVerifier.Result.Accepted || fresh == StandardWebhookVerifier.Result.Accepted ? 204 : 401;
        });
        var subscription = Guid.NewGuid();
        await _database.Feeds.CreateSubscriptionAsync(
            new Subscription(subscription, "bpjs", Purpose, SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri(receiver.BaseAddress, "hook"), false, DateTimeOffset.UtcNow),
            oldSecret,
            CancellationToken.None);
        var service = FeedTestSupport.CreateService(
            _database, new TestPolicies(TestPolicies.Everything("bpjs", Purpose)), new FeedDeliveryOptions { NodeId = "node-1", Webhooks = FeedTestSupport.LoopbackReceivers() });

        await AppendEventAsync();
        await service.RunOnceAsync(CancellationToken.None);

        var (stored, _) = await StoredAsync(subscription);
        Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(oldSecret["whsec_".Length..], stored!, StringComparison.Ordinal);
        Assert.Equal([(StandardWebhookVerifier.Result.Accepted, StandardWebhookVerifier.Result.BadSignature)], results);

        await _database.Feeds.RotateSecretAsync(subscription, newSecret, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, CancellationToken.None);
        await AppendEventAsync();
        await service.RunOnceAsync(CancellationToken.None);

        var (current, previous) = await StoredAsync(subscription);
        Assert.DoesNotContain(newSecret["whsec_".Length..], current!, StringComparison.Ordinal);
        Assert.DoesNotContain(oldSecret["whsec_".Length..], previous!, StringComparison.Ordinal);
        Assert.StartsWith("v1:", previous, StringComparison.Ordinal);
        Assert.Equal((StandardWebhookVerifier.Result.Accepted, StandardWebhookVerifier.Result.Accepted), results.Last());
        Assert.Equal(0, (await _database.Feeds.GetStatusAsync(subscription, CancellationToken.None))!.Pending);
    }

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private async Task AppendEventAsync()
    {
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        var postgres = _database.Provider == DatabaseProvider.Postgres;
        await connection.ExecuteAsync(
            postgres
                ? """INSERT INTO change_event (event_id, type, person_id, person, occurred_at) VALUES (@EventId::uuid, 'person.created', @PersonId::uuid, '{"name.full":"SITI AMINAH"}'::jsonb, now())"""
                : """INSERT INTO change_event (event_id, type, person_id, person, occurred_at) VALUES (@EventId, 'person.created', @PersonId, '{"name.full":"SITI AMINAH"}', '2026-11-23T08:00:00.0000000Z')""",
            new { EventId = Guid.NewGuid().ToString(), PersonId = Guid.NewGuid().ToString() });
    }

    private async Task<(string? Secret, string? Previous)> StoredAsync(Guid id)
    {
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        return await connection.QuerySingleAsync<(string?, string?)>(
            "SELECT secret, previous_secret FROM feed_subscription WHERE subscription_id = @Id",
            new { Id = _database.Provider == DatabaseProvider.Postgres ? (object)id : id.ToString() });
    }
}

/// <summary>Encrypted secrets and delivery on SQLite.</summary>
public sealed class SqliteEncryptedSecretDeliveryTests : EncryptedSecretDeliveryTests
{
    protected override Task<StorageOptions> CreateEmptyDatabaseAsync(string directory) =>
        Task.FromResult(new StorageOptions { DataDirectory = Path.Combine(directory, "data") });
}

/// <summary>Encrypted secrets and delivery on PostgreSQL.</summary>
public sealed class PostgresEncryptedSecretDeliveryTests : EncryptedSecretDeliveryTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync(string directory) =>
        new() { PostgresConnectionString = await Storage.Tests.PostgresServer.CreateDatabaseAsync(), DataDirectory = Path.Combine(directory, "data") };
}
