using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// End to end on SQLite: an ingested change reaches a real HTTP receiver, signed so that the Standard Webhooks recipe,
/// computed here independently of the hub's signer, verifies it; during a secret rotation both signatures are sent.
/// </summary>
public sealed class WebhookSignatureTests : IAsyncLifetime
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-webhook-" + Guid.NewGuid().ToString("N"));
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
    public async Task Delivery_SignatureVerifiesWithTheSpecRecipe_AndRotationSendsBoth()
    {
        var log = new ReceiverLog();
        await using var receiver = await LoopbackServer.StartAsync(log.Handler(() => 204));
        var oldSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = Guid.NewGuid();
        await _database.Feeds.CreateSubscriptionAsync(
            new Subscription(subscription, "bpjs", Purpose, SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri(receiver.BaseAddress, "hook"), false, DateTimeOffset.UtcNow),
            oldSecret,
            CancellationToken.None);
        var service = FeedTestSupport.CreateService(_database, new TestPolicies(TestPolicies.Everything("bpjs", Purpose)), new FeedDeliveryOptions { NodeId = "node-1", Webhooks = FeedTestSupport.LoopbackReceivers() });

        await IngestAsync("JL. MERDEKA 1");
        await service.RunOnceAsync(CancellationToken.None);

        var first = Assert.Single(log.Receipts);
        var signatures = first.Signature.Split(' ');
        Assert.Equal([Expected(oldSecret, first)], signatures);
        Assert.InRange(long.Parse(first.Timestamp, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var change = Assert.Single(await _database.Feeds.ReadAsync(0, 10, CancellationToken.None));
        Assert.Equal(change.EventId.ToString(), first.Id);

        // Rotation: until the overlap ends, every message carries a signature under each secret.
        var newSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        await _database.Feeds.RotateSecretAsync(subscription, newSecret, DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow, CancellationToken.None);
        await IngestAsync("JL. MERDEKA 2");
        await service.RunOnceAsync(CancellationToken.None);

        var second = log.Receipts[1];
        Assert.Equal([Expected(newSecret, second), Expected(oldSecret, second)], second.Signature.Split(' '));
        Assert.DoesNotContain(Expected(oldSecret, second with { Body = second.Body + " " }), second.Signature.Split(' '));
    }

    // The Standard Webhooks recipe, written out here rather than calling the hub's signer: HMAC-SHA256 keyed with the
    // base64-decoded part of the secret after "whsec_", over "{webhook-id}.{webhook-timestamp}.{body}", as "v1," + base64.
    private static string Expected(string secret, Receipt receipt)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{receipt.Id}.{receipt.Timestamp}.{receipt.Body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
    }

    private async Task IngestAsync(string street)
    {
        const string nik = "3201015205900002";
        var canonical = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, "SITI AMINAH", "name")
            .Set(CanonicalFields.BirthDate, "1990-05-12", "birthDate")
            .Set(CanonicalFields.Street, street, "street")
            .Build();
        var run = await _database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await _database.MasterIndex.ApplyBatchAsync(
            run.RunId, [new SourceRecord("dukcapil", nik, Nik.Parse(nik).Value, canonical, null, null) { IsIdentityAuthority = true }], [], SurvivorshipPolicy.Default, CancellationToken.None);
    }
}
