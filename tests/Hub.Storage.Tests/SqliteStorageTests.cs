namespace IntegrationHub.Storage.Tests;

/// <summary>The storage contract on a real SQLite file (WAL) in a temporary directory.</summary>
public sealed class SqliteStorageTests : StorageContractTests, IDisposable
{
    private readonly List<string> _directories = [];

    protected override DatabaseProvider ExpectedProvider => DatabaseProvider.Sqlite;

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "hub-sqlite-" + Guid.NewGuid().ToString("N"));
        _directories.Add(directory);
        return Task.FromResult(new StorageOptions { DataDirectory = directory });
    }

    [Fact]
    public async Task Open_UsesWriteAheadLogging()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var directory in _directories)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open in another test's pool; the OS temp cleaner will take it.
            }
        }
    }
}
