using System.Data.Common;
using System.Globalization;
using IntegrationHub.Connectors.Sql;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Connectors.Tests.Sql;

/// <summary>The SQL table source on a real SQLite file, LAST_UPDATED stored as TEXT 'yyyy-MM-dd HH:mm:ss'.</summary>
public sealed class SqliteSqlTableSourceTests : SqlTableSourceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-sql-").FullName;

    protected override string ProviderName => SqlProviderRegistry.Sqlite;

    protected override DbProviderFactory Factory => SqliteFactory.Instance;

    protected override string QualifiedTable => $"main.{Table}";

    protected override string TimestampType => "TEXT";

    protected override string DateType => "TEXT";

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "djp.db") }.ToString());

    protected override object TimestampValue(DateTime value) => value.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    protected override object DateValue(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    protected override string FailingConnectionString(string password) =>
        new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "tidak-ada", "djp.db"), Password = password }.ToString();

    protected override void AssertRefusedAsReadOnly(DbException exception) =>
        Assert.Equal(8 /* SQLITE_READONLY */, Assert.IsType<SqliteException>(exception).SqliteErrorCode);

    protected override async Task<IAsyncDisposable> LockTableAsync()
    {
        var connection = await OpenWriterAsync();
        await using var command = connection.CreateCommand();
        // Rollback-journal mode (the default of a new file): an exclusive lock keeps even readers out.
        command.CommandText = "BEGIN EXCLUSIVE";
        await command.ExecuteNonQueryAsync();
        return new HeldLock(connection);
    }

    public override Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReadAsync_MissingDatabaseFile_IsRefusedAndNotCreated()
    {
        var path = Path.Combine(_directory, "belum-ada.db");
        var source = CreateSut(o => o.ConnectionString = $"Data Source={path}");

        var ex = await Assert.ThrowsAsync<IntegrationHub.Connectors.Contract.ConnectorException>(() =>
            source.ReadAsync(Feed(), IntegrationHub.Connectors.Contract.SourceCursor.Start, 10, CancellationToken.None));

        Assert.Contains("belum-ada.db", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
    }
}
