using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using IntegrationHub.Storage.Tests;
using IntegrationHub.Worker.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// Two delivery nodes (separate hosts, each with its own connection pool) on one PostgreSQL push 10,000 events to three
/// real HTTP receivers on loopback: one healthy, one failing half its requests, one down for the first seconds.
/// Every event arrives at least once, each person's events in order; every request a receiver saw is a logged attempt
/// of exactly one node; dead letters are exactly the deliveries that used up their attempts, and replay delivers them.
/// </summary>
public sealed class MultiNodeDeliveryTests
{
    private const int Persons = 1000;
    private const int EventsPerPerson = 10;
    private const int MaxAttempts = 6;
    private const string Purpose = "jaminan-kesehatan";

    [Fact]
    public async Task TwoNodes_ThreeReceivers_DeliverEveryEventInPersonOrder_WithDuplicatesOnlyFromLoggedRetries()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await using var database = HubDatabase.Open(new StorageOptions { PostgresConnectionString = connectionString });
        await database.Migrator.MigrateAsync(CancellationToken.None);

        var healthy = new ReceiverLog();
        var flaky = new ReceiverLog();
        var late = new ReceiverLog();
        var coin = new Random(20261123);
        await using var healthyServer = await LoopbackServer.StartAsync(healthy.Handler(() => 200));
        await using var flakyServer = await LoopbackServer.StartAsync(flaky.Handler(() =>
        {
            lock (coin)
            {
                return coin.Next(2) == 0 ? 500 : 200;
            }
        }));
        var latePort = FreePort();

        var policies = new TestPolicies(TestPolicies.Everything("healthy", Purpose), TestPolicies.Everything("flaky", Purpose), TestPolicies.Everything("late", Purpose));
        var subscriptions = new Dictionary<string, (Guid Id, ReceiverLog Log)>
        {
            ["healthy"] = (await SubscribeAsync(database, "healthy", new Uri(healthyServer.BaseAddress, "hook")), healthy),
            ["flaky"] = (await SubscribeAsync(database, "flaky", new Uri(flakyServer.BaseAddress, "hook")), flaky),
            ["late"] = (await SubscribeAsync(database, "late", new Uri($"http://127.0.0.1:{latePort}/hook")), late),
        };
        await SeedEventsAsync(database);

        using var node1 = await StartNodeAsync(connectionString, "node-1", policies);
        using var node2 = await StartNodeAsync(connectionString, "node-2", policies);

        // The third receiver is down (connection refused) until some of its deliveries have used every attempt, then comes up.
        var downUntil = DateTime.UtcNow.AddSeconds(60);
        while ((await database.Feeds.GetStatusAsync(subscriptions["late"].Id, CancellationToken.None))!.DeadLetters < 10)
        {
            Assert.True(DateTime.UtcNow < downUntil, "The down receiver's deliveries were never dead-lettered.");
            await Task.Delay(100);
        }

        await using var lateServer = await LoopbackServer.StartAsync(late.Handler(() => 200), latePort);
        await WaitUntilDrainedAsync(database, subscriptions.Values.Select(s => s.Id));

        // Dead letters before any replay: exactly the deliveries that used every attempt, none delivered.
        var deadBefore = new Dictionary<string, HashSet<long>>();
        foreach (var (name, (id, _)) in subscriptions)
        {
            var dead = (await database.Feeds.ListDeadLettersAsync(id, 0, 100_000, CancellationToken.None)).Select(d => d.Seq).ToHashSet();
            deadBefore[name] = dead;
            var attempts = await database.Feeds.ListAttemptsAsync(id, CancellationToken.None);
            foreach (var delivery in attempts.Where(a => a.Generation == 0).GroupBy(a => a.Seq))
            {
                var isDead = dead.Contains(delivery.Key);
                Assert.Equal(isDead, delivery.Count() == MaxAttempts && delivery.All(a => a.Outcome != "delivered"));
            }
        }

        Assert.NotEmpty(deadBefore["late"]);
        Assert.Empty(deadBefore["healthy"]);

        // Replay the dead letters (again, while the flaky receiver keeps failing some of them).
        foreach (var log in subscriptions.Values.Select(s => s.Log))
        {
            log.Phase = 1;
        }

        for (var round = 0; round < 5 && subscriptions.Values.Any(s => HasDead(database, s.Id)); round++)
        {
            foreach (var (id, _) in subscriptions.Values)
            {
                await database.Feeds.ReplayAsync(id, 0, deadLettersOnly: true, DateTimeOffset.UtcNow, CancellationToken.None);
            }

            await WaitUntilDrainedAsync(database, subscriptions.Values.Select(s => s.Id));
        }

        await node1.StopAsync();
        await node2.StopAsync();

        var allSeqs = (await database.Feeds.ReadAsync(0, 100_000, CancellationToken.None)).Select(e => e.Seq).ToHashSet();
        Assert.Equal(Persons * EventsPerPerson, allSeqs.Count);
        var nodesSeen = new HashSet<string>();
        foreach (var (name, (id, log)) in subscriptions)
        {
            var receipts = log.Receipts;

            // At least once: every event got a 2xx, the dead-lettered ones after their replay.
            Assert.True(allSeqs.SetEquals(receipts.Where(r => r.Status < 300).Select(r => r.Seq)), $"{name}: not every event was delivered.");
            Assert.All(deadBefore[name], seq => Assert.Contains(receipts, r => r.Seq == seq && r.Phase == 1 && r.Status < 300));

            // Per-person order: before the replay, each person's events reached the receiver in sequence order (a retry
            // repeats an event, it never lets a later one overtake it).
            foreach (var person in receipts.Where(r => r.Phase == 0).GroupBy(r => r.PersonId))
            {
                var seqs = person.Select(r => r.Seq).ToList();
                Assert.True(seqs.Zip(seqs.Skip(1)).All(p => p.First <= p.Second), $"{name}: person {person.Key} received {string.Join(",", seqs)}.");
            }

            // Duplicates come from retries alone: each request the receiver saw is one logged attempt that got an answer,
            // and no attempt (delivery, generation, attempt number) was made by two nodes.
            var attempts = await database.Feeds.ListAttemptsAsync(id, CancellationToken.None);
            Assert.Equal(attempts.Count, attempts.Select(a => (a.DeliveryId, a.Generation, a.Attempt)).Distinct().Count());
            var answered = attempts.Where(a => a.StatusCode is not null).GroupBy(a => a.Seq).ToDictionary(g => g.Key, g => g.Count());
            var seen = receipts.GroupBy(r => r.Seq).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(answered.OrderBy(kv => kv.Key), seen.OrderBy(kv => kv.Key));
            nodesSeen.UnionWith(attempts.Select(a => a.NodeId));
            Assert.Equal(0, (await database.Feeds.GetStatusAsync(id, CancellationToken.None))!.DeadLetters);
        }

        Assert.Equal(["node-1", "node-2"], nodesSeen.Order());
        Assert.True(flaky.Receipts.Count > Persons * EventsPerPerson, "The flaky receiver should have seen retries.");
    }

    private static bool HasDead(HubDatabase database, Guid id) =>
        database.Feeds.GetStatusAsync(id, CancellationToken.None).GetAwaiter().GetResult()!.DeadLetters > 0;

    private static async Task<IHost> StartNodeAsync(string connectionString, string nodeId, IAccessPolicyReader policies)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Feeds:NodeId"] = nodeId,
            ["Hub:Feeds:PollInterval"] = "00:00:00.020",
            ["Hub:Feeds:BatchSize"] = "200",
            ["Hub:Feeds:MaxConcurrency"] = "32",
            ["Hub:Feeds:FanOutBatchSize"] = "5000",
            ["Hub:Feeds:LeaseDuration"] = "00:00:30",
            ["Hub:Feeds:RequestTimeout"] = "00:00:05",
            ["Hub:Feeds:MaxAttempts"] = MaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["Hub:Feeds:BackoffBase"] = "00:00:00.100",
            ["Hub:Feeds:BackoffMax"] = "00:00:01",
            ["Hub:Feeds:BreakerFailureRatio"] = "0.95",
            ["Hub:Feeds:BreakerMinimumThroughput"] = "20",
            ["Hub:Feeds:BreakerSamplingDuration"] = "00:00:02",
            ["Hub:Feeds:BreakerBreakDuration"] = "00:00:00.500",
        });
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => HubDatabase.Open(new StorageOptions { PostgresConnectionString = connectionString }));
        builder.Services.AddSingleton(policies);
        builder.Services.AddFeedDelivery(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task<Guid> SubscribeAsync(HubDatabase database, string client, Uri url)
    {
        var id = Guid.NewGuid();
        await database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, client, Purpose, SubscriptionFilter.Everything, DeliveryMode.Webhook, url, false, DateTimeOffset.UtcNow),
            "whsec_" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            CancellationToken.None);
        return id;
    }

    // 10,000 person.updated events, 10 per person, interleaved across persons as a busy index would write them.
    // Written straight into the feed: the outbox is covered by the storage tests; this test is about delivery.
    private static async Task SeedEventsAsync(HubDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(
            """
            INSERT INTO change_event (event_id, type, person_id, changed_fields, province_code, person, occurred_at)
            SELECT gen_random_uuid(), 'person.updated',
                   ('00000000-0000-4000-8000-' || lpad((g % @Persons)::text, 12, '0'))::uuid,
                   '["address.street"]', '32',
                   jsonb_build_object('address.street', 'JL. NOMOR ' || g, 'address.provinceCode', '32'),
                   now()
              FROM generate_series(0, @Count - 1) AS g ORDER BY g
            """,
            new { Persons, Count = Persons * EventsPerPerson });
    }

    private static async Task WaitUntilDrainedAsync(HubDatabase database, IEnumerable<Guid> ids)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var statuses = new List<SubscriptionStatus>();
            foreach (var id in ids)
            {
                statuses.Add((await database.Feeds.GetStatusAsync(id, CancellationToken.None))!);
            }

            if (statuses.All(s => s.LagEvents == 0))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Delivery did not drain in time: " + string.Join("; ", statuses.Select(s => $"{s.Pending} pending, {s.LagEvents} lag")));
            await Task.Delay(200);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
