using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage.Overview;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests.Overview;

/// <summary>The operations console's overview counts, on each engine, after two real ingest batches.</summary>
public abstract class OverviewStoreTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private HubDatabase _database = null!;

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(await CreateEmptyDatabaseAsync(), _time);
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Read_EmptyHub_CountsNothing()
    {
        var overview = await new OverviewStore(_database).ReadAsync(20, CancellationToken.None);

        Assert.Equal(0, overview.Persons);
        Assert.Equal(0, overview.OpenReviews);
        Assert.Equal(0, overview.OpenQuarantine);
        Assert.Empty(overview.Sources);
        Assert.Empty(overview.RecentRuns);
    }

    [Fact]
    public async Task Read_AfterTwoRuns_CountsPersonsRecordsPerSourceQuarantineAndListsRunsNewestFirst()
    {
        var store = _database.MasterIndex;
        var dukcapil = await store.StartRunAsync("dukcapil", "biodata.csv", CancellationToken.None);
        await store.ApplyBatchAsync(
            dukcapil.RunId,
            [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", line: 2), TestRecords.Person(TestRecords.WomanNik, "SITI AMINAH", line: 3)],
            [new QuarantinedRow("dukcapil", "biodata.csv", 4, "nik.WrongLength", "NIK", "NIK must have 16 digits.", "12345;X")],
            SurvivorshipPolicy.Default,
            CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(4));
        await store.FinishRunAsync(dukcapil.RunId, RunStatus.Succeeded, null, CancellationToken.None);

        _time.Advance(TimeSpan.FromMinutes(1));
        var bpjs = await store.StartRunAsync("bpjs", "peserta", CancellationToken.None);
        await store.ApplyBatchAsync(
            bpjs.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", source: "bpjs", bpjsCard: "0001234567890")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        var overview = await new OverviewStore(_database).ReadAsync(20, CancellationToken.None);

        Assert.Equal(2, overview.Persons);
        Assert.Equal(0, overview.OpenReviews);
        Assert.Equal(1, overview.OpenQuarantine);
        Assert.Equal([new SourceRecordCount("bpjs", 1, 0), new SourceRecordCount("dukcapil", 2, 0)], overview.Sources);

        Assert.Equal([bpjs.RunId, dukcapil.RunId], overview.RecentRuns.Select(r => r.RunId));
        var running = overview.RecentRuns[0];
        Assert.Equal(("bpjs", "Running", 1L, 0L, 0L, (DateTimeOffset?)null), (running.Source, running.Status, running.Accepted, running.Unchanged, running.Quarantined, running.FinishedAt));
        var finished = overview.RecentRuns[1];
        Assert.Equal(("dukcapil", "biodata.csv", "Succeeded", 2L, 1L), (finished.Source, finished.Location, finished.Status, finished.Accepted, finished.Quarantined));
        Assert.Equal(TimeSpan.FromSeconds(4), finished.FinishedAt - finished.StartedAt);

        var latest = await new OverviewStore(_database).ReadAsync(1, CancellationToken.None);
        Assert.Equal([bpjs.RunId], latest.RecentRuns.Select(r => r.RunId));
    }
}

public sealed class SqliteOverviewStoreTests : OverviewStoreTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-overview-" + Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresOverviewStoreTests : OverviewStoreTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() => new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
}
