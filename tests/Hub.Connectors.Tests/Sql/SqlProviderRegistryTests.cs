using System.Data.Common;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Sql;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Connectors.Tests.Sql;

public sealed class SqlProviderRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-sql-registry-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static SqlTableSourceOptions Options(string provider, string connectionString) => new()
    {
        ProviderName = provider,
        ConnectionString = connectionString,
        Table = "DJP_WAJIB_PAJAK",
        KeyColumn = "NPWP",
        IncrementalColumn = "LAST_UPDATED",
    };

    private async Task<string> CreateSqliteTableAsync()
    {
        var connectionString = $"Data Source={Path.Combine(_directory, "djp.db")}";
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE DJP_WAJIB_PAJAK (NPWP TEXT PRIMARY KEY, NAMA_WP TEXT, LAST_UPDATED TEXT NOT NULL);
            INSERT INTO DJP_WAJIB_PAJAK VALUES ('012345678428000', 'WAJIB PAJAK UJI A', '2024-03-01 08:00:00'),
                                               ('012345679428000', 'WAJIB PAJAK UJI B', '2024-03-01 08:00:00');
            """;
        await command.ExecuteNonQueryAsync();
        return connectionString;
    }

    [Fact]
    public void Constructor_UnknownProvider_IsPermanentAndListsTheKnownOnes()
    {
        var ex = Assert.Throws<ConnectorException>(() => new SqlTableSource(Options("Microsoft.Data.SqlClient.NotHere", "Server=db;Database=djp")));

        Assert.False(ex.IsTransient);
        Assert.Contains("Microsoft.Data.SqlClient.NotHere", ex.Message, StringComparison.Ordinal);
        Assert.Contains(SqlProviderRegistry.PostgreSql, ex.Message, StringComparison.Ordinal);
        Assert.Contains(SqlProviderRegistry.Sqlite, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KnownProviderNames_IncludesTheBuiltIns()
    {
        Assert.Contains(SqlProviderRegistry.PostgreSql, SqlProviderRegistry.KnownProviderNames);
        Assert.Contains(SqlProviderRegistry.Sqlite, SqlProviderRegistry.KnownProviderNames);
    }

    [Fact]
    public async Task ReadAsync_ProviderRegisteredUnderAnotherName_PlugsIn()
    {
        var connectionString = await CreateSqliteTableAsync();
        const string Name = "IntegrationHub.Tests.PluggedSqlite";
        SqlProviderRegistry.Register(Name, SqliteFactory.Instance);

        var source = new SqlTableSource(Options(Name, connectionString));
        var batch = await source.ReadAsync(new SourceFeed("DJP_WAJIB_PAJAK", [], "NPWP"), SourceCursor.Start, 10, CancellationToken.None);

        Assert.Equal(["012345678428000", "012345679428000"], batch.Rows.Select(r => r.Fields["NPWP"]));
        Assert.Contains(Name, SqlProviderRegistry.KnownProviderNames);
        Assert.True(DbProviderFactories.TryGetFactory(Name, out _));
    }

    [Fact]
    public async Task ReadAsync_ConnectionStringFromEnvironmentVariable_IsUsedAndNeverShown()
    {
        var connectionString = await CreateSqliteTableAsync();
        var variable = "HUB_TEST_SQL_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, connectionString);
        try
        {
            var options = Options(SqlProviderRegistry.Sqlite, "");
            options.ConnectionString = null;
            options.ConnectionStringVariable = variable;
            var source = new SqlTableSource(options);

            var check = await source.CheckConnectionAsync(CancellationToken.None);
            var batch = await source.ReadAsync(new SourceFeed("DJP_WAJIB_PAJAK", [], "NPWP"), SourceCursor.Start, 10, CancellationToken.None);

            Assert.True(check.Succeeded, check.Message);
            Assert.DoesNotContain(_directory, check.Message, StringComparison.Ordinal);
            Assert.Equal(2, batch.Rows.Count);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Constructor_SeveralProblems_AreAllReportedAtOnce()
    {
        var options = new SqlTableSourceOptions
        {
            ProviderName = SqlProviderRegistry.Sqlite,
            ConnectionStringVariable = "HUB_TEST_SQL_UNSET_" + Guid.NewGuid().ToString("N"),
            Table = "DJP;",
            KeyColumn = "",
            IncrementalColumn = "LAST UPDATED",
            CommandTimeoutSeconds = 0,
        };

        var ex = Assert.Throws<ConnectorException>(() => new SqlTableSource(options));

        Assert.False(ex.IsTransient);
        Assert.Contains("Table 'DJP;'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("KeyColumn", ex.Message, StringComparison.Ordinal);
        Assert.Contains("IncrementalColumn 'LAST UPDATED'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CommandTimeoutSeconds", ex.Message, StringComparison.Ordinal);
        Assert.Contains(options.ConnectionStringVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_UnparsableConnectionString_DoesNotEchoIt()
    {
        const string Secret = "Rahasia-Parse-77aa";
        var ex = Assert.Throws<ConnectorException>(() => new SqlTableSource(Options(SqlProviderRegistry.PostgreSql, $"Host=db;Password={Secret};Kata Sandi Salah={Secret}")));

        Assert.False(ex.IsTransient);
        Assert.DoesNotContain(Secret, ex.ToString(), StringComparison.Ordinal);
    }
}
