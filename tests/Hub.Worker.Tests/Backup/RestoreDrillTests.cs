using System.Data.Common;
using System.IO.Compression;
using Dapper;
using IntegrationHub.Core.Identity;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Tests.Backup;

/// <summary>
/// The restore drill through the real command line, on each engine: ingest the samples, back up, destroy the
/// database, restore, and find every table with the rows it had and the persons served as before.
/// </summary>
public abstract class RestoreDrillTests : IDisposable
{
    private readonly string _sample;

    protected RestoreDrillTests()
    {
        // The bundled sample, or its first rows where each ingested record costs a network round trip or more.
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv");
        _sample = Path.Combine(Directory, "biodata-sample.csv");
        File.WriteAllLines(_sample, File.ReadLines(sample).Take(SampleRows + 1));
    }

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hub-drill-").FullName;

    /// <summary>How many rows of the sample the drill ingests.</summary>
    protected abstract int SampleRows { get; }

    protected abstract Task<HubRunner> CreateRunnerAsync();

    /// <summary>Destroys the database the runner uses: the file gone, or every table dropped.</summary>
    protected abstract Task DestroyAsync(HubRunner runner);

    [Fact]
    public async Task Drill_IngestBackupDestroyRestore_EveryTableHasItsRowsAgainAndVerifies()
    {
        // The sealing key lives outside the database (and outside the SQLite data directory the drill destroys).
        var key = Path.Combine(Directory, "audit-key.pem");
        var runner = (await CreateRunnerAsync()).With(new Dictionary<string, string?> { ["Hub:Audit:SigningKeyFile"] = key });
        Assert.Equal(0, (await runner.RunAsync("audit", "keygen", "--out", key)).Exit);
        Assert.Equal(0, (await runner.RunAsync("ingest", "--source", "dukcapil", _sample)).Exit);
        Assert.Contains("sealed up to entry", (await runner.RunAsync("audit", "seal")).Out, StringComparison.Ordinal);
        var before = await CountRowsAsync(runner);
        var nik = Nik.Parse(File.ReadLines(_sample).Skip(1).First().Split(';')[0]).Value;
        var name = (await FindAsync(runner, nik))!.Fields["name.full"].Value;
        var file = Path.Combine(Directory, "hub.backup");

        var backup = await runner.RunAsync("backup", "--out", file);
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Contains("person ", backup.Out, StringComparison.Ordinal);
        Assert.Empty(System.IO.Directory.GetFiles(Directory, ".*"));

        await DestroyAsync(runner);
        Assert.Null(await CountRowsOrNullAsync(runner, "person"));

        var restore = await runner.RunAsync("restore", "--from", file);

        Assert.True(restore.Exit == 0, restore.Out + restore.Error);
        Assert.Contains("verify schema version: ok", restore.Out, StringComparison.Ordinal);
        Assert.Contains("verify row counts: ok", restore.Out, StringComparison.Ordinal);
        Assert.Contains("verify audit chain: ok", restore.Out, StringComparison.Ordinal);
        Assert.Contains("1 seals", restore.Out, StringComparison.Ordinal);
        Assert.Contains("restore verified", restore.Out, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync(runner));
        Assert.True(before["person"] > SampleRows * 9 / 10 && before["person_field"] > before["person"] * 20 && before["quarantine"] > 0, "the drill needs a real index");
        Assert.Equal(name, (await FindAsync(runner, nik))!.Fields["name.full"].Value);
        // The restored database takes ingests again: the same file changes nothing.
        var again = await runner.RunAsync("ingest", "--source", "dukcapil", _sample);
        Assert.Contains("accepted 0", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_IntoADatabaseWithRows_IsRefusedWithoutForceAndReplacesThemWithIt()
    {
        var runner = await CreateRunnerAsync();
        Assert.Equal(0, (await runner.RunAsync("migrate")).Exit);
        var file = Path.Combine(Directory, "empty.backup");
        Assert.Equal(0, (await runner.RunAsync("backup", "--out", file)).Exit);
        Assert.Equal(0, (await runner.RunAsync("ingest", "--source", "dukcapil", _sample)).Exit);

        var refused = await runner.RunAsync("restore", "--from", file);

        Assert.Equal(HubCommandLine.BadInput, refused.Exit);
        Assert.Contains("is not empty", refused.Error, StringComparison.Ordinal);
        Assert.Contains("--force", refused.Error, StringComparison.Ordinal);
        Assert.True((await CountRowsAsync(runner))["person"] > 0, "a refused restore changes nothing");

        var forced = await runner.RunAsync("restore", "--from", file, "--force");

        Assert.True(forced.Exit == 0, forced.Out + forced.Error);
        Assert.Equal(0, (await CountRowsAsync(runner))["person"]);
    }

    [Fact]
    public async Task Restore_DamagedBackup_IsRefusedBeforeAnythingChanges()
    {
        var runner = await CreateRunnerAsync();
        Assert.Equal(0, (await runner.RunAsync("ingest", "--source", "dukcapil", _sample)).Exit);
        var file = Path.Combine(Directory, "hub.backup");
        Assert.Equal(0, (await runner.RunAsync("backup", "--out", file)).Exit);
        var damaged = Path.Combine(Directory, "damaged.backup");
        using (var source = ZipFile.OpenRead(file))
        using (var target = ZipFile.Open(damaged, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var input = entry.Open();
                var bytes = new MemoryStream();
                input.CopyTo(bytes);
                var data = bytes.ToArray();
                if (entry.Name != "manifest.json")
                {
                    data[data.Length / 2] ^= 0xFF;
                }

                using var output = target.CreateEntry(entry.FullName).Open();
                output.Write(data);
            }
        }

        var before = await CountRowsAsync(runner);

        var result = await runner.RunAsync("restore", "--from", damaged, "--force");

        Assert.Equal(HubCommandLine.BadInput, result.Exit);
        Assert.Contains("damaged", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountRowsAsync(runner));
    }

    private static async Task<Core.MasterIndex.GoldenRecord?> FindAsync(HubRunner runner, Nik nik)
    {
        await using var database = HubDatabase.Open(runner.Configuration.GetStorageOptions());
        return await database.MasterIndex.FindPersonByNikAsync(nik, CancellationToken.None);
    }

    private static async Task<long?> CountRowsOrNullAsync(HubRunner runner, string table)
    {
        try
        {
            return (await CountRowsAsync(runner)).GetValueOrDefault(table);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Every table's row count, counted here, independently of the backup's manifest.</summary>
    private static async Task<SortedDictionary<string, long>> CountRowsAsync(HubRunner runner)
    {
        await using var database = HubDatabase.Open(runner.Configuration.GetStorageOptions());
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        var tables = database.Provider == DatabaseProvider.Sqlite
            ? await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            : await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = 'public'");
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            counts[table] = await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}");
        }

        if (counts.Count == 0)
        {
            throw new InvalidOperationException("no tables");
        }

        return counts;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteRestoreDrillTests : RestoreDrillTests
{
    protected override int SampleRows => 600;

    protected override Task<HubRunner> CreateRunnerAsync() => Task.FromResult(HubRunner.OnSqlite(Path.Combine(Directory, "data")));

    protected override Task DestroyAsync(HubRunner runner)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Path.Combine(Directory, "data"), recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class PostgresRestoreDrillTests : RestoreDrillTests
{
    protected override int SampleRows => 100;

    protected override Task<HubRunner> CreateRunnerAsync() => HubRunner.OnFreshPostgresAsync();

    protected override async Task DestroyAsync(HubRunner runner)
    {
        await using var connection = new Npgsql.NpgsqlConnection(runner.Configuration.GetStorageOptions().PostgresConnectionString);
        await connection.OpenAsync();
        await connection.ExecuteAsync("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
        Npgsql.NpgsqlConnection.ClearAllPools();
    }
}
