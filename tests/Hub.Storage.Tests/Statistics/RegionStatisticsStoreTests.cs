using IntegrationHub.Storage.Statistics;

namespace IntegrationHub.Storage.Tests.Statistics;

/// <summary>The counts behind the open statistics, on each engine, over a population with known counts.</summary>
public abstract class RegionStatisticsStoreTests : IAsyncLifetime
{
    private HubDatabase _database = null!;

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(await CreateEmptyDatabaseAsync());
        await _database.Migrator.MigrateAsync(CancellationToken.None);
        await KnownPopulation.SeedAsync(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task CountByRegency_EveryPersonOnceWithTheirRegionAndMeasures()
    {
        var counts = await new RegionStatisticsStore(_database).CountByRegencyAsync(CancellationToken.None);

        var expected = KnownPopulation.Cells
            .Select(c => new RegionCounts(c.Province, c.Regency, c.Persons, c.Deceased, c.Bpjs, c.Npwp))
            .OrderBy(c => c.ProvinceCode).ThenBy(c => c.RegencyCode ?? "");
        Assert.Equal(expected, counts.OrderBy(c => c.ProvinceCode).ThenBy(c => c.RegencyCode ?? ""));
    }

    [Fact]
    public async Task Published_WithK10_SuppressesExactlyTheCellsWorkedOutByHand()
    {
        var counts = await new RegionStatisticsStore(_database).CountByRegencyAsync(CancellationToken.None);

        var published = CellSuppression.Apply(counts, 10).ToDictionary(p => p.ProvinceCode!);

        // Jawa Barat: 3202 (4 persons) and the person without a regency are small; everything they hold is hidden,
        // and each measure has at least two hidden cells under its published total.
        var jabar = published["32"];
        Assert.Equal(new long?[] { 110, 15, 99, 77 }, Values(jabar.Total));
        var regencies = jabar.Regencies.ToDictionary(r => r.RegencyCode ?? "unknown", r => Values(r.Counts));
        Assert.Equal(new long?[] { 25, null, null, 12 }, regencies["3201"]); // 3 deceased; 20 of 25 in BPJS leaves 5 outside
        Assert.Equal(new long?[] { null, null, null, null }, regencies["3202"]);
        Assert.Equal(new long?[] { 30, 12, 30, 15 }, regencies["3203"]);
        Assert.Equal(new long?[] { 40, 0, null, null }, regencies["3204"]); // 35 of 40 in BPJS, 39 of 40 with an NPWP
        Assert.Equal(new long?[] { 10, 0, 10, 10 }, regencies["3205"]); // exactly k: published
        Assert.Equal(new long?[] { null, null, null, null }, regencies["unknown"]);

        // Jawa Tengah has one small regency: its province total would give it away, so that is hidden too.
        Assert.Equal(new long?[] { null, null, null, null }, Values(published["33"].Total));
        Assert.Equal(new long?[] { null, null, null, null }, Values(published["33"].Regencies[0].Counts));

        // Jawa Timur: 2 deceased in 3501 alone would be 12 - 10; 3502's 10 is hidden with it.
        Assert.Equal(new long?[] { 110, 12, 50, 110 }, Values(published["35"].Total));
        Assert.Equal(new long?[] { 50, null, 50, 50 }, Values(published["35"].Regencies[0].Counts));
        Assert.Equal(new long?[] { 60, null, 0, 60 }, Values(published["35"].Regencies[1].Counts));
        Assert.Equal(["deceased"], published["35"].Regencies[1].Counts.Suppressed);
    }

    private static long?[] Values(PublishedCounts counts) => [counts.Persons, counts.Deceased, counts.BpjsMembers, counts.NpwpHolders];
}

public sealed class SqliteRegionStatisticsStoreTests : RegionStatisticsStoreTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-stats-" + Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

public sealed class PostgresRegionStatisticsStoreTests : RegionStatisticsStoreTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() => new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
}
