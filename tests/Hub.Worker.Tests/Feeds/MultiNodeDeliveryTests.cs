using System.Net;
using System.Net.Sockets;
using Dapper;
using IntegrationHub.Connectors.Tests.Rest;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using IntegrationHub.Storage.Tests;
using IntegrationHub.Worker.Tests.Scheduling;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// Two real <c>hub worker</c> processes (each with its own node id and a hub.json of the test's own) on one PostgreSQL
/// push 10,000 events to three real HTTP receivers on loopback: one healthy, one failing half its requests, one down
/// for the first seconds. One worker is killed with SIGKILL mid-delivery; the other takes its deliveries over once
/// their leases expire. Every event arrives at least once, each person's events in order; every request a receiver
/// saw is a logged attempt of exactly one node; dead letters are exactly the deliveries that used up their attempts,
/// and replay delivers them.
/// </summary>
public sealed class MultiNodeDeliveryTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-feeds-nodes-").FullName;

    private const int Persons = 1000;
    private const int EventsPerPerson = 10;
    private const int MaxAttempts = 6;
    private const string Purpose = "jaminan-kesehatan";
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task TwoWorkerProcesses_OneKilled_DeliverEveryEventInPersonOrder_WithDuplicatesOnlyFromLoggedRetries()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        // The test writes the subscriptions and the workers sign with their secrets: all share one key file.
        await using var database = HubDatabase.Open(new StorageOptions { PostgresConnectionString = connectionString, SecretsKeyFile = KeyFile });
        await database.Migrator.MigrateAsync(CancellationToken.None);

        var healthy = new ReceiverLog();
        var flaky = new ReceiverLog();
        var late = new ReceiverLog();
        var coin = new Random(20261123);
        await using var healthyServer = await LoopbackServer.StartAsync(Slow(healthy.Handler(() => 200)));
        await using var flakyServer = await LoopbackServer.StartAsync(Slow(flaky.Handler(() =>
        {
            lock (coin)
            {
                return coin.Next(2) == 0 ? 500 : 200;
            }
        })));
        var latePort = FreePort();

        // The workers read the subscribers' policies from the database, as in production.
        foreach (var client in new[] { "healthy", "flaky", "late" })
        {
            var everything = TestPolicies.Everything(client, Purpose);
            await database.Access.CreateClientAsync(client, client, [HubRole.Subscriber], null, CancellationToken.None);
            await database.Access.SetPolicyAsync(client, Purpose, everything.Fields.ToList(), everything.EventTypes.ToList(), CancellationToken.None);
        }

        var subscriptions = new Dictionary<string, (Guid Id, ReceiverLog Log)>
        {
            ["healthy"] = (await SubscribeAsync(database, "healthy", new Uri(healthyServer.BaseAddress, "hook")), healthy),
            ["flaky"] = (await SubscribeAsync(database, "flaky", new Uri(flakyServer.BaseAddress, "hook")), flaky),
            ["late"] = (await SubscribeAsync(database, "late", new Uri($"http://127.0.0.1:{latePort}/hook")), late),
        };
        await SeedEventsAsync(database);

        using var node1 = WorkerProcess.Start(WriteConfig("node-1"), null, connectionString);
        using var node2 = WorkerProcess.Start(WriteConfig("node-2"), null, connectionString);

        // Kill node-1 with SIGKILL while it holds leases on deliveries in flight, once both nodes have delivered some.
        var killDeadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await DeliveredByAsync(database, "node-1") > 500 && await DeliveredByAsync(database, "node-2") > 500 && await HoldsLeasesAsync(database, "node-1")))
        {
            Assert.False(node1.HasExited || node2.HasExited, "a worker exited: " + node1.Errors + node2.Errors);
            Assert.True(DateTime.UtcNow < killDeadline, "The two workers did not both start delivering.");
            await Task.Delay(20);
        }

        await node1.KillAsync();
        var killedAt = DateTimeOffset.UtcNow;

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
                // An attempt cut short by the kill counts as made: the delivery's last attempt number is what hit the limit.
                var isDead = dead.Contains(delivery.Key);
                Assert.Equal(isDead, delivery.Max(a => a.Attempt) >= MaxAttempts && delivery.All(a => a.Outcome != "delivered"));
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

        Assert.False(node2.HasExited, "the surviving worker exited: " + node2.Errors);
        await node2.KillAsync();

        var allSeqs = (await database.Feeds.ReadAsync(0, 100_000, CancellationToken.None)).Select(e => e.Seq).ToHashSet();
        Assert.Equal(Persons * EventsPerPerson, allSeqs.Count);
        var nodesSeen = new HashSet<string>();
        var cutByKill = 0;
        foreach (var (name, (id, log)) in subscriptions)
        {
            var receipts = log.Receipts;

            // At least once: every event got a 2xx, the dead-lettered ones after their replay.
            Assert.True(allSeqs.SetEquals(receipts.Where(r => r.Status < 300).Select(r => r.Seq)), $"{name}: not every event was delivered.");
            Assert.All(deadBefore[name], seq => Assert.Contains(receipts, r => r.Seq == seq && r.Phase == 1 && r.Status < 300));

            // Per-person order: before the replay, each person's events reached the receiver in sequence order (a retry
            // repeats an event, it never lets a later one overtake it). The one allowed exception is a stale copy: a
            // request still on its way from a node whose lease was taken over (killed, or stalled past its lease and
            // logged lease-lost) may land after the takeover's delivery let the person's next event go.
            var attempts = await database.Feeds.ListAttemptsAsync(id, CancellationToken.None);
            var stale = attempts.Where(a => a.Outcome is null or "lease-lost").Select(a => a.Seq).ToHashSet();
            foreach (var person in receipts.Where(r => r.Phase == 0).GroupBy(r => r.PersonId))
            {
                var seqs = person.Select(r => r.Seq).ToList();
                var highest = long.MinValue;
                foreach (var seq in seqs)
                {
                    Assert.True(seq >= highest || stale.Contains(seq), $"{name}: person {person.Key} received {string.Join(",", seqs)}.");
                    highest = Math.Max(highest, seq);
                }
            }

            // Duplicates come from retries alone: no attempt (delivery, generation, attempt number) was made by two nodes,
            // and each request the receiver saw is one logged attempt: one that got an answer, or one that recorded none
            // (the kill cut it off, or it timed out).
            Assert.Equal(attempts.Count, attempts.Select(a => (a.DeliveryId, a.Generation, a.Attempt)).Distinct().Count());
            var cut = attempts.Where(a => a.Outcome is null).ToList();
            Assert.All(cut, a => Assert.True(a.NodeId == "node-1" && a.StartedAt <= killedAt, $"{name}: attempt {a.Attempt} of seq {a.Seq} by {a.NodeId} never finished."));
            // The survivor made the next attempt of each, and only once the killed node's lease had expired.
            Assert.All(cut, a => Assert.Contains(attempts, b =>
                b.DeliveryId == a.DeliveryId && b.NodeId == "node-2" && (b.Generation, b.Attempt).CompareTo((a.Generation, a.Attempt)) > 0));
            Assert.All(cut, a => Assert.All(
                attempts.Where(b => b.DeliveryId == a.DeliveryId && b.Generation == a.Generation && b.Attempt == a.Attempt + 1),
                b => Assert.True(b.StartedAt >= a.StartedAt + LeaseDuration, $"{name}: seq {a.Seq} was taken over {b.StartedAt - a.StartedAt} after the killed node claimed it.")));
            cutByKill += cut.Count;
            var answered = attempts.Where(a => a.StatusCode is not null).GroupBy(a => a.Seq).ToDictionary(g => g.Key, g => g.Count());
            // Sent with no answer recorded: cut by the kill, or timed out after the receiver may have read it (a slow
            // answer on a loaded machine): each may or may not have reached the receiver.
            var unfinished = attempts.Where(a => a.StatusCode is null).GroupBy(a => a.Seq).ToDictionary(g => g.Key, g => g.Count());
            var seen = receipts.GroupBy(r => r.Seq).ToDictionary(g => g.Key, g => g.Count());
            foreach (var seq in answered.Keys.Union(seen.Keys))
            {
                var requests = seen.GetValueOrDefault(seq);
                var logged = answered.GetValueOrDefault(seq);
                Assert.True(requests >= logged && requests <= logged + unfinished.GetValueOrDefault(seq), $"{name}: seq {seq} was seen {requests} times for {logged} answered attempts.");
            }

            nodesSeen.UnionWith(attempts.Select(a => a.NodeId));
            Assert.Equal(0, (await database.Feeds.GetStatusAsync(id, CancellationToken.None))!.DeadLetters);
        }

        Assert.Equal(["node-1", "node-2"], nodesSeen.Order());
        Assert.True(cutByKill > 0, "The kill cut no delivery short: it was not mid-delivery.");
        Assert.True(flaky.Receipts.Count > Persons * EventsPerPerson, "The flaky receiver should have seen retries.");
    }

    private static bool HasDead(HubDatabase database, Guid id) =>
        database.Feeds.GetStatusAsync(id, CancellationToken.None).GetAwaiter().GetResult()!.DeadLetters > 0;

    private string KeyFile => Path.Combine(_root, "secrets.key");

    // Fast backoff, short leases and a small per-node batch, so that the test takes seconds rather than hours. The
    // receivers listen on http://127.0.0.1, which webhooks may reach only when allowed, as here.
    private string WriteConfig(string node)
    {
        var path = Path.Combine(_root, node + ".json");
        File.WriteAllText(path, $$"""
            { "Hub": {
                "Scheduler": { "Node": "{{node}}", "ClusterCheckinInterval": "00:00:01", "LeaseTimeout": "00:00:05" },
                "Feeds": {
                  "NodeId": "{{node}}",
                  "PollInterval": "00:00:00.020",
                  "BatchSize": 200,
                  "MaxConcurrency": 128,
                  "FanOutBatchSize": 5000,
                  "LeaseDuration": "{{LeaseDuration:c}}",
                  "RequestTimeout": "00:00:02",
                  "MaxAttempts": {{MaxAttempts}},
                  "BackoffBase": "00:00:00.100",
                  "BackoffMax": "00:00:01",
                  "BreakerFailureRatio": 0.95,
                  "BreakerMinimumThroughput": 20,
                  "BreakerSamplingDuration": "00:00:02",
                  "BreakerBreakDuration": "00:00:00.500",
                  "Webhooks": { "AllowHttp": true, "AllowedNetworks": [ "127.0.0.1/32" ] } },
                "Secrets": { "KeyFile": "{{KeyFile}}" } } }
            """);
        return path;
    }

    // A receiver that takes a few milliseconds per request, as a real one does: a claimed batch stays in flight long
    // enough for the kill to land mid-delivery.
    private static Microsoft.AspNetCore.Http.RequestDelegate Slow(Microsoft.AspNetCore.Http.RequestDelegate handler) => async context =>
    {
        await Task.Delay(5, context.RequestAborted);
        await handler(context);
    };

    private static async Task<long> DeliveredByAsync(HubDatabase database, string node)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM feed_delivery_attempt WHERE node_id = @Node AND outcome = 'delivered'", new { Node = node }));
    }

    private static async Task<bool> HoldsLeasesAsync(HubDatabase database, string node)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM feed_delivery WHERE claimed_by = @Node AND status = 'pending' AND claimed_until > now())", new { Node = node }));
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

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
