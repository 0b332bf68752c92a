using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>
/// The per-connector lease that keeps two runs of one connector from running at once, whichever node asks:
/// two nodes (two database handles, as two processes would have) racing to start a run get exactly one; a lease
/// whose holder stopped heartbeating is taken over; the pause flag is shared and persisted. Quartz's
/// DisallowConcurrentExecution only covers one scheduler; this lease is what holds across nodes.
/// </summary>
public abstract class ConnectorLeaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clockA = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeTimeProvider _clockB = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private HubDatabase _nodeA = null!;
    private HubDatabase _nodeB = null!;

    protected abstract Task<StorageOptions> CreateStorageAsync();

    public async Task InitializeAsync()
    {
        var storage = await CreateStorageAsync();
        _nodeA = HubDatabase.Open(storage, _clockA);
        _nodeB = HubDatabase.Open(storage, _clockB);
        await _nodeA.Migrator.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        await _nodeA.DisposeAsync();
        await _nodeB.DisposeAsync();
    }

    [Fact]
    public async Task ConcurrentRunNowOnTwoNodes_ExactlyOneRunIsQueued_TheOthersAreToldWhichRunHoldsTheConnector()
    {
        var attempts = Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? _nodeA : _nodeB).Runs
            .TryQueueAsync("dukcapil", i % 2 == 0 ? "node-a" : "node-b", RunTriggers.Manual, null, null, Lease, CancellationToken.None));

        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Accepted);
        Assert.All(results.Where(r => !r.Accepted), r => Assert.Equal(winner.Queued, r.HeldBy));
        var runs = await _nodeA.Runs.ListAsync("dukcapil", null, 100, CancellationToken.None);
        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(winner.Queued, run.RunId);
    }

    [Fact]
    public async Task Lease_IsHeldWhileHeartbeating_AndTakenOverOnlyAfterItsHolderStops()
    {
        var first = await _nodeA.Runs.TryQueueAsync("dukcapil", "node-a", RunTriggers.Schedule, null, null, Lease, CancellationToken.None);
        Assert.True(await _nodeA.Runs.TryStartAsync(first.Queued!.Value, "node-a", "csv-file", CancellationToken.None));

        // Node A heartbeats; node B, whose clock is past the first lease but not the renewed one, is refused.
        _clockA.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await _nodeA.Runs.HeartbeatAsync(first.Queued.Value, "dukcapil", _clockA.GetUtcNow(), Lease, CancellationToken.None));
        _clockB.Advance(TimeSpan.FromSeconds(40));
        var refused = await _nodeB.Runs.TryQueueAsync("dukcapil", "node-b", RunTriggers.Manual, null, null, Lease, CancellationToken.None);
        Assert.False(refused.Accepted);
        Assert.Empty(await _nodeB.Runs.ReclaimAbandonedAsync(Lease, CancellationToken.None));

        // Node A stops heartbeating (killed): once its lease has run out, node B takes the run over, exactly once.
        _clockB.Advance(TimeSpan.FromSeconds(20));
        var reclaimed = await _nodeB.Runs.ReclaimAbandonedAsync(Lease, CancellationToken.None);
        Assert.Equal(first.Queued, Assert.Single(reclaimed).RunId);
        Assert.Empty(await _nodeB.Runs.ReclaimAbandonedAsync(Lease, CancellationToken.None));
        var abandoned = await _nodeB.Runs.FindAsync(first.Queued.Value, CancellationToken.None);
        Assert.Equal(RunStatus.Failed, abandoned!.Status);
        Assert.StartsWith("abandoned", abandoned.Error, StringComparison.Ordinal);
        var resumed = await _nodeB.Runs.TryQueueAsync("dukcapil", "node-b", RunTriggers.Resume, null, first.Queued, Lease, CancellationToken.None);
        Assert.True(resumed.Accepted);
        Assert.Equal(first.Queued, (await _nodeA.Runs.FindAsync(resumed.Queued!.Value, CancellationToken.None))!.RetryOf);

        // The stale node cannot renew a lease it lost.
        Assert.False(await _nodeA.Runs.HeartbeatAsync(first.Queued.Value, "dukcapil", null, Lease, CancellationToken.None));
    }

    [Fact]
    public async Task ReleasedLease_IsFreeAtOnce_AndOtherConnectorsNeverBlockEachOther()
    {
        var a = await _nodeA.Runs.TryQueueAsync("dukcapil", "node-a", RunTriggers.Manual, null, null, Lease, CancellationToken.None);
        var other = await _nodeB.Runs.TryQueueAsync("bpjs", "node-b", RunTriggers.Manual, null, null, Lease, CancellationToken.None);
        Assert.True(a.Accepted);
        Assert.True(other.Accepted);

        await _nodeA.Runs.FinishAsync(a.Queued!.Value, RunStatus.Succeeded, null, CancellationToken.None);
        await _nodeA.Runs.ReleaseLeaseAsync("dukcapil", a.Queued.Value, CancellationToken.None);

        Assert.True((await _nodeB.Runs.TryQueueAsync("dukcapil", "node-b", RunTriggers.Manual, null, null, Lease, CancellationToken.None)).Accepted);
    }

    [Fact]
    public async Task Pause_IsSeenByEveryNode()
    {
        Assert.False(await _nodeB.Runs.IsPausedAsync("dukcapil", CancellationToken.None));

        await _nodeA.Runs.SetPausedAsync("dukcapil", true, CancellationToken.None);
        Assert.True(await _nodeB.Runs.IsPausedAsync("dukcapil", CancellationToken.None));

        await _nodeB.Runs.SetPausedAsync("dukcapil", false, CancellationToken.None);
        Assert.False(await _nodeA.Runs.IsPausedAsync("dukcapil", CancellationToken.None));
    }
}

public sealed class SqliteConnectorLeaseTests : ConnectorLeaseTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-lease-").FullName;

    protected override Task<StorageOptions> CreateStorageAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresConnectorLeaseTests : ConnectorLeaseTests
{
    protected override async Task<StorageOptions> CreateStorageAsync() =>
        new() { PostgresConnectionString = await Storage.Tests.PostgresServer.CreateDatabaseAsync() };
}
