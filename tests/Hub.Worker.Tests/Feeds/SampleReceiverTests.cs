using System.Collections.Concurrent;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;
using WebhookReceiver;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// The sample receiver's verifier (samples/webhook-receiver), fed the hub's real deliveries over HTTP: it accepts them,
/// recognises a replayed event as a duplicate by its webhook-id, and refuses tampered bodies and stale timestamps.
/// </summary>
public sealed class SampleReceiverTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-sample-receiver-" + Guid.NewGuid().ToString("N"));
    private HubDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(new StorageOptions { DataDirectory = _directory });
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Verifier_AcceptsHubDeliveries_FlagsReplaysAsDuplicates_RefusesTamperingAndStaleness()
    {
        var secret = "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var verifier = new StandardWebhookVerifier([secret], TimeSpan.FromMinutes(5));
        var results = new ConcurrentQueue<(StandardWebhookVerifier.Result Result, string Id, string Timestamp, string Signature, byte[] Body)>();
        await using var receiver = await LoopbackServer.StartAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var id = context.Request.Headers["webhook-id"].ToString();
            var timestamp = context.Request.Headers["webhook-timestamp"].ToString();
            var signature = context.Request.Headers["webhook-signature"].ToString();
            StandardWebhookVerifier.Result result;
            lock (verifier)
            {
                result = verifier.Verify(id, timestamp, signature, buffer.ToArray(), DateTimeOffset.UtcNow);
            }

            results.Enqueue((result, id, timestamp, signature, buffer.ToArray()));
            context.Response.StatusCode = result is StandardWebhookVerifier.Result.Accepted or StandardWebhookVerifier.Result.Duplicate ? 204 : 401;
        });
        var subscription = Guid.NewGuid();
        await _database.Feeds.CreateSubscriptionAsync(
            new Subscription(subscription, "bpjs", "p", SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri(receiver.BaseAddress, "hook"), false, DateTimeOffset.UtcNow),
            secret,
            CancellationToken.None);
        var service = FeedTestSupport.CreateService(_database, new TestPolicies(TestPolicies.Everything("bpjs", "p")), new FeedDeliveryOptions { NodeId = "node-1", Webhooks = FeedTestSupport.LoopbackReceivers() });
        await using (var connection = await _database.OpenConnectionAsync(CancellationToken.None))
        {
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO change_event (event_id, type, person_id, person, occurred_at)
                VALUES ('01937c4e-0000-7000-8000-000000000001', 'person.created', '01937c4e-0000-7000-8000-0000000000aa', '{"name.full":"SITI AMINAH"}', '2026-11-23T08:00:00.0000000Z')
                """);
        }

        await service.RunOnceAsync(CancellationToken.None);
        await _database.Feeds.ReplayAsync(subscription, 0, deadLettersOnly: false, DateTimeOffset.UtcNow, CancellationToken.None);
        await service.RunOnceAsync(CancellationToken.None);

        Assert.Equal([StandardWebhookVerifier.Result.Accepted, StandardWebhookVerifier.Result.Duplicate], results.Select(r => r.Result));
        var (_, id, timestamp, signature, body) = results.First();
        var tampered = body.ToArray();
        tampered[^2] ^= 1;
        var fresh = new StandardWebhookVerifier([secret], TimeSpan.FromMinutes(5));
        Assert.Equal(StandardWebhookVerifier.Result.BadSignature, fresh.Verify(id, timestamp, signature, tampered, DateTimeOffset.UtcNow));
        Assert.Equal(StandardWebhookVerifier.Result.Stale, fresh.Verify(id, timestamp, signature, body, DateTimeOffset.UtcNow.AddMinutes(10)));
        Assert.Equal(StandardWebhookVerifier.Result.BadSignature, new StandardWebhookVerifier(["whsec_" + Convert.ToBase64String(new byte[32])], TimeSpan.FromMinutes(5)).Verify(id, timestamp, signature, body, DateTimeOffset.UtcNow));
    }
}
