using System.Net;
using System.Net.Sockets;
using Dapper;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// The SSRF guard at connect time, on SQLite with real HTTP: a host name that resolved to a public address when the
/// subscription was made and resolves to loopback now (DNS rebinding) is refused when the connection is made, nothing
/// reaches the receiver, and the attempt is recorded as failed and goes the usual retry and dead-letter way.
/// </summary>
public sealed class WebhookAddressDeliveryTests : IAsyncLifetime
{
    private const string Purpose = "jaminan-kesehatan";
    private const string Host = "receiver.agency.example";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-webhook-address-" + Guid.NewGuid().ToString("N"));
    private readonly SwitchableResolver _resolver = new();
    private HubDatabase _database = null!;
    private int _requests;
    private LoopbackServer _receiver = null!;

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(new StorageOptions { DataDirectory = _directory });
        await _database.Migrator.MigrateAsync(CancellationToken.None);
        _receiver = await LoopbackServer.StartAsync(context =>
        {
            Interlocked.Increment(ref _requests);
            context.Response.StatusCode = 204;
            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task HostReboundToLoopbackAfterCreation_IsRefusedAtConnect_AndTheAttemptIsRecordedAsFailed()
    {
        var policy = new WebhookAddressPolicy(new WebhookAddressOptions { AllowHttp = true }, _resolver);
        var url = new Uri($"http://{Host}:{_receiver.BaseAddress.Port}/hook");
        _resolver.Answer = IPAddress.Parse("203.0.114.7");
        Assert.Null(await policy.CheckAsync(url, CancellationToken.None)); // accepted when created: it looked public
        var subscription = await SubscribeAsync(url);

        _resolver.Answer = IPAddress.Loopback; // the name now points inside
        await AppendEventAsync();
        await Service(policy).RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, Volatile.Read(ref _requests));
        var attempt = Assert.Single(await _database.Feeds.ListAttemptsAsync(subscription, CancellationToken.None));
        Assert.Equal("pending", attempt.Outcome); // failed, to be retried
        Assert.Null(attempt.StatusCode);
        var status = (await _database.Feeds.GetStatusAsync(subscription, CancellationToken.None))!;
        Assert.Equal(1, status.Pending);
        Assert.StartsWith("refused: ", status.LastError, StringComparison.Ordinal);
        Assert.Contains($"'{Host}' resolves to 127.0.0.1 (loopback)", status.LastError, StringComparison.Ordinal);
        Assert.Equal(status.LastError, await AttemptErrorAsync(subscription));
    }

    [Fact]
    public async Task NameResolvedThroughTheSeam_ToAnAllowedAddress_IsDeliveredToThatAddress()
    {
        // The name exists in no DNS: the request can only arrive because the handler connected to the vetted address.
        var policy = new WebhookAddressPolicy(FeedTestSupport.LoopbackReceivers(), _resolver);
        _resolver.Answer = IPAddress.Loopback;
        var subscription = await SubscribeAsync(new Uri($"http://{Host}:{_receiver.BaseAddress.Port}/hook"));

        await AppendEventAsync();
        await Service(policy).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, Volatile.Read(ref _requests));
        Assert.Equal("delivered", Assert.Single(await _database.Feeds.ListAttemptsAsync(subscription, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Localhost_ResolvedByTheSystem_IsRefused_AndDeadLetteredAtTheLimit()
    {
        var policy = new WebhookAddressPolicy(new WebhookAddressOptions { AllowHttp = true });
        var subscription = await SubscribeAsync(new Uri($"http://localhost:{_receiver.BaseAddress.Port}/hook"));

        await AppendEventAsync();
        await Service(policy, maxAttempts: 1).RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, Volatile.Read(ref _requests));
        var status = (await _database.Feeds.GetStatusAsync(subscription, CancellationToken.None))!;
        Assert.Equal(1, status.DeadLetters);
        Assert.Contains("'localhost' resolves to", status.LastError, StringComparison.Ordinal);
        Assert.Contains("(loopback)", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpNoLongerAllowed_IsRefusedWithoutConnecting()
    {
        var policy = new WebhookAddressPolicy(new WebhookAddressOptions { AllowedNetworks = ["127.0.0.1/32"] });
        var subscription = await SubscribeAsync(new Uri(_receiver.BaseAddress, "hook"));

        await AppendEventAsync();
        await Service(policy).RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, Volatile.Read(ref _requests));
        Assert.Contains("must be https", (await _database.Feeds.GetStatusAsync(subscription, CancellationToken.None))!.LastError, StringComparison.Ordinal);
    }

    private FeedDeliveryService Service(WebhookAddressPolicy policy, int maxAttempts = 12) => FeedTestSupport.CreateService(
        _database,
        new TestPolicies(TestPolicies.Everything("bpjs", Purpose)),
        new FeedDeliveryOptions { NodeId = "node-1", MaxAttempts = maxAttempts },
        addresses: policy);

    private async Task<Guid> SubscribeAsync(Uri url)
    {
        var id = Guid.NewGuid();
        await _database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, "bpjs", Purpose, SubscriptionFilter.Everything, DeliveryMode.Webhook, url, false, DateTimeOffset.UtcNow),
            "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            CancellationToken.None);
        return id;
    }

    private async Task AppendEventAsync()
    {
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO change_event (event_id, type, person_id, person, occurred_at)
            VALUES (@EventId, 'person.created', @PersonId, '{"name.full":"SITI AMINAH"}', '2026-11-23T08:00:00.0000000Z')
            """,
            new { EventId = Guid.NewGuid().ToString(), PersonId = Guid.NewGuid().ToString() });
    }

    private async Task<string?> AttemptErrorAsync(Guid subscription)
    {
        await using var connection = await _database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string?>("SELECT error FROM feed_delivery_attempt WHERE subscription_id = @Id", new { Id = subscription.ToString() });
    }

    /// <summary>A resolver whose answer the test changes, as a DNS record an attacker controls would.</summary>
    private sealed class SwitchableResolver : IHostAddressResolver
    {
        public IPAddress? Answer { get; set; }

        public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
            host == Host && Answer is { } answer
                ? Task.FromResult<IReadOnlyList<IPAddress>>([answer])
                : Task.FromException<IReadOnlyList<IPAddress>>(new SocketException((int)SocketError.HostNotFound));
    }
}
