using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dapper;
using IntegrationHub.Bench.Feeds;
using IntegrationHub.Connectors.Webhooks;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Webhook delivery benchmark: deliveries per second and commit-to-receipt latency with a healthy receiver, against the
// floor, the same receiver's own maximum rate under a plain HTTP client posting the same signed bodies.
//   dotnet run -c Release --project bench/Hub.Bench.Feeds -- [--db sqlite|postgres] [--events N] [--smoke] [--results DIR]
var db = "sqlite";
var events = 20_000;
var results = Path.Combine("bench", "results");
var smoke = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--db": db = args[++i]; break;
        case "--events": events = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
        case "--results": results = args[++i]; break;
        case "--smoke": smoke = true; break;
        default:
            Console.Error.WriteLine("usage: Hub.Bench.Feeds [--db sqlite|postgres] [--events N] [--smoke] [--results DIR]");
            return 2;
    }
}

if (smoke)
{
    events = Math.Min(events, 2_000);
}

if (db is not ("sqlite" or "postgres"))
{
    Console.Error.WriteLine("--db must be sqlite or postgres.");
    return 2;
}

var command = "dotnet run -c Release --project bench/Hub.Bench.Feeds -- " + string.Join(' ', args);
var work = Directory.CreateTempSubdirectory("hub-bench-feeds-").FullName;
try
{
    var (storage, databaseDescription) = await OpenAsync(db, work);
    storage.SecretsKeyFile = Path.Combine(work, "secrets.key"); // the key that encrypts the subscription's secret, thrown away with the run
    await using var database = HubDatabase.Open(storage);
    await database.Migrator.MigrateAsync(CancellationToken.None);

    const int Concurrency = 16;
    var persons = Math.Max(1, events / 10);
    await using var receiver = await Receiver.StartAsync(events * 4 + 10);

    // Floor: the receiver's own maximum rate, a plain HttpClient posting the same kind of signed bodies with the same concurrency.
    var secret = WebhookSecret.Generate();
    var floor = await Floor.RunAsync(receiver, secret, events, persons, Concurrency);

    // The hub: one delivery node, events committed in batches of 500 as fast as the database takes them.
    var subscription = Guid.NewGuid();
    await database.Feeds.CreateSubscriptionAsync(
        new Subscription(subscription, "bench", "bench", SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri(receiver.BaseAddress, "hook"), false, DateTimeOffset.UtcNow),
        secret.Reveal(),
        CancellationToken.None);
    var policies = new Everything();
    // The receiver listens on http://127.0.0.1, which webhooks may reach only when allowed, as here.
    var options = new FeedDeliveryOptions
    {
        NodeId = "bench",
        PollInterval = TimeSpan.FromMilliseconds(10),
        BatchSize = 100,
        MaxConcurrency = 16 * Concurrency,
        MaxInFlightPerEndpoint = Concurrency,
        FanOutBatchSize = 5000,
        Webhooks = new WebhookAddressOptions { AllowHttp = true, AllowedNetworks = ["127.0.0.1/32"] },
    };
    using var service = new FeedDeliveryService(database, policies, Options.Create(options), TimeProvider.System, NullLogger<FeedDeliveryService>.Instance);
    await service.StartAsync(CancellationToken.None);

    receiver.Reset();
    var burst = await Writer.RunAsync(database, receiver, events, persons, batch: 500, pause: TimeSpan.Zero);

    // The same burst with every event about another person: no person's line holds the next event back, so this is what
    // the claim, send and record cycle itself sustains.
    receiver.Reset();
    var distinct = await Writer.RunAsync(database, receiver, events, events, batch: 500, pause: TimeSpan.Zero);

    // Latency under a steady load well below the throughput: small batches at a fixed pace.
    receiver.Reset();
    var pacedEvents = Math.Max(200, events / 5);
    var pace = Math.Min(500, burst.PerSecond / 2);
    var pacedBatch = 10;
    var paced = await Writer.RunAsync(database, receiver, pacedEvents, persons, pacedBatch, TimeSpan.FromSeconds(pacedBatch / Math.Max(pace, 1)));
    await service.StopAsync(CancellationToken.None);

    var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024);
    var report = new StringBuilder();
    report.AppendLine(CultureInfo.InvariantCulture, $"# Webhook delivery, {(db == "postgres" ? "PostgreSQL" : "SQLite")}, N = {events:N0}{(smoke ? " (smoke)" : "")}");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Command: `{command}`");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"- Cores (logical): {Environment.ProcessorCount}; OS: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}; .NET {Environment.Version}");
    report.AppendLine(CultureInfo.InvariantCulture, $"- Database: {databaseDescription}");
    report.AppendLine(CultureInfo.InvariantCulture, $"- One delivery node in this process ({Concurrency} requests in flight to the receiver, up to {16 * Concurrency} deliveries claimed at once, in batches of up to 100, poll 10 ms); one Kestrel receiver on loopback in the same process answering 204; {persons:N0} persons, 10 events each, interleaved (per-person order is kept, so at most one event per person is in flight), except in the run with one event per person");
    report.AppendLine();
    report.AppendLine("| run | events | seconds | deliveries/s | ÷ floor | latency p50 ms | latency p99 ms |");
    report.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| floor: plain HttpClient, same bodies and signatures, {Concurrency} in flight | {floor.Count:N0} | {floor.Seconds:0.00} | {floor.PerSecond:N0} | 1.00× | | |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| hub, burst (batches of 500 committed back to back) | {burst.Count:N0} | {burst.Seconds:0.00} | {burst.PerSecond:N0} | **{burst.PerSecond / floor.PerSecond:0.00}×** | {burst.P50:0.0} | {burst.P99:0.0} |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| hub, burst, every event about another person | {distinct.Count:N0} | {distinct.Seconds:0.00} | {distinct.PerSecond:N0} | **{distinct.PerSecond / floor.PerSecond:0.00}×** | {distinct.P50:0.0} | {distinct.P99:0.0} |");
    report.AppendLine(CultureInfo.InvariantCulture, $"| hub, paced (batches of {pacedBatch}, committed at {paced.OfferedPerSecond:N0} events/s; asked {pace:N0}) | {paced.Count:N0} | {paced.Seconds:0.00} | {paced.PerSecond:N0} | | {paced.P50:0.0} | {paced.P99:0.0} |");
    report.AppendLine();
    report.AppendLine(CultureInfo.InvariantCulture, $"Peak working set of the process (hub, receiver and client together): {peak:N0} MiB.");
    report.AppendLine();
    report.AppendLine("deliveries/s = events ÷ (last receipt − first commit); in the paced run, delivery keeps up when this is the commit rate and the latency stays low. Latency = receipt at the receiver − return of the commit that wrote the event, on one clock (same process). ÷ floor = the hub's delivery rate over the receiver's own maximum rate measured in the same run.");
    Console.Write(report);
    Directory.CreateDirectory(results);
    var file = Path.Combine(results, $"feeds-{db}-{events}.md");
    await File.WriteAllTextAsync(file, report.ToString());
    Console.Error.WriteLine($"[bench] wrote {file}");
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(work, recursive: true);
}

static async Task<(StorageOptions Options, string Description)> OpenAsync(string db, string work)
{
    if (db == "sqlite")
    {
        return (new StorageOptions { DataDirectory = work }, "SQLite (WAL, synchronous=NORMAL), temporary directory");
    }

    var admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES")
        ?? throw new InvalidOperationException("Set HUB_BENCH_POSTGRES (or HUB_TEST_POSTGRES) to a PostgreSQL server you may create databases on.");
    var name = "hub_bench_feeds_" + Guid.NewGuid().ToString("N");
    await using (var connection = new NpgsqlConnection(admin))
    {
        await connection.OpenAsync();
        // The name is made here from a Guid, never from input.
        await connection.ExecuteAsync("CREATE DATABASE " + name);
    }

    await using var check = new NpgsqlConnection(admin);
    await check.OpenAsync();
    var version = await check.ExecuteScalarAsync<string>("SELECT version()");
    var settings = string.Join(", ", (await check.QueryAsync<(string, string)>("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit')")).Select(s => $"{s.Item1}={s.Item2}"));
    return (new StorageOptions { PostgresConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString }, $"{version?.Split(" on ")[0]}, {settings}, loopback TCP");
}

/// <summary>Every policy allows every field and type: the benchmark measures delivery, not projection choices.</summary>
internal sealed class Everything : IAccessPolicyReader
{
    public Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken) =>
        Task.FromResult<AccessPolicy?>(new AccessPolicy("all", clientId, purpose, CanonicalFields.All.Select(f => f.Path).ToHashSet(), ChangeEventTypes.All.ToHashSet()));
}
