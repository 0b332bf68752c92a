using System.Data.Common;
using System.Globalization;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Sql;
using IntegrationHub.Storage.Tests;
using Npgsql;

namespace IntegrationHub.Connectors.Tests.Sql;

/// <summary>
/// The SQL table source on a real PostgreSQL database (scripts/test.sh provides the server): one database for the
/// class, a fresh schema per test (reached through the search path), because creating a database per test costs
/// more than all the reads together.
/// </summary>
public sealed class PostgreSqlTableSourceTests(PostgreSqlTableSourceTests.Database database)
    : SqlTableSourceTests, IClassFixture<PostgreSqlTableSourceTests.Database>
{
    private readonly string _schema = "djp_" + Guid.NewGuid().ToString("N");

    /// <summary>The database shared by the tests of this class.</summary>
    public sealed class Database : IAsyncLifetime
    {
        public string ConnectionString { get; private set; } = "";

        public async Task InitializeAsync() => ConnectionString = await PostgresServer.CreateDatabaseAsync();

        public Task DisposeAsync() => Task.CompletedTask;
    }

    protected override string QualifiedTable => $"{_schema}.{Table}";

    protected override string ProviderName => SqlProviderRegistry.PostgreSql;

    protected override DbProviderFactory Factory => NpgsqlFactory.Instance;

    protected override string TimestampType => "TIMESTAMP";

    protected override string DateType => "DATE";

    protected override async Task<string> CreateDatabaseAsync()
    {
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE SCHEMA {_schema}";
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(database.ConnectionString) { SearchPath = _schema }.ConnectionString;
    }

    protected override object TimestampValue(DateTime value) => value;

    protected override object DateValue(DateOnly value) => value;

    // The test cluster trusts every local login, so a wrong password alone is not refused: a role that does not
    // exist makes the server refuse the login while the password is in the connection string.
    protected override string FailingConnectionString(string password) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = "hub_tidak_ada", Password = password }.ConnectionString;

    protected override void AssertRefusedAsReadOnly(DbException exception) =>
        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, Assert.IsType<PostgresException>(exception).SqlState);

    protected override async Task<IAsyncDisposable> LockTableAsync()
    {
        var connection = await OpenWriterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"BEGIN; LOCK TABLE \"{Table}\" IN ACCESS EXCLUSIVE MODE";
        await command.ExecuteNonQueryAsync();
        return new HeldLock(connection);
    }

    [Fact]
    public async Task ReadAsync_ServerNotListening_IsTransientAndNeverEchoesThePassword()
    {
        const string Password = "Rahasia-Port-Tutup-41c2";
        var closed = new NpgsqlConnectionStringBuilder(ConnectionString) { Port = 1, Password = Password, Timeout = 2 }.ConnectionString;
        var source = CreateSut(o => o.ConnectionString = closed);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));
        var check = await source.CheckConnectionAsync(CancellationToken.None);

        Assert.True(ex.IsTransient, ex.ToString());
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        Assert.False(check.Succeeded);
        Assert.DoesNotContain(Password, check.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnknownRole_IsPermanent()
    {
        var source = CreateSut(o => o.ConnectionString = FailingConnectionString("x"));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(ex.IsTransient, ex.ToString());
    }

    [Fact]
    public async Task ReadAsync_TimestamptzIncrementalAndBigintKey_ResumesTyped()
    {
        await ExecuteAsync("CREATE TABLE pajak_event (id BIGINT PRIMARY KEY, changed_at TIMESTAMPTZ NOT NULL, status TEXT)");
        var start = new DateTime(2024, 3, 1, 1, 0, 0, DateTimeKind.Utc);
        var rows = Enumerable.Range(1, 90).Select(i => (Id: (long)(i * 11 % 97), At: start.AddTicks(i / 4 * 15))).ToList();
        foreach (var (id, at) in rows)
        {
            await ExecuteAsync("INSERT INTO pajak_event (id, changed_at, status) VALUES (@i, @t, 'AKTIF')", ("@i", id), ("@t", at));
        }

        // Lower-case (unquoted) names configured in upper case: matched to the database's own spelling.
        SqlTableSource Sut() => CreateSut(o => { o.Table = "pajak_event"; o.KeyColumn = "ID"; o.IncrementalColumn = "CHANGED_AT"; });
        var (all, cursors, _) = await DrainAsync(Sut(), SourceCursor.Start, 4, "pajak_event");
        var (rest, _, _) = await DrainAsync(Sut(), cursors[9], 4, "pajak_event");

        // Ticks of 1.5 µs: PostgreSQL keeps microseconds, so the cursor must carry the instant without rounding it away.
        var expected = rows.Select(r => (r.Id, At: new DateTime(r.At.Ticks / 10 * 10, DateTimeKind.Utc)))
            .OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => r.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, all.Select(r => r.Fields["ID"]));
        Assert.Equal(expected.Skip(40), rest.Select(r => r.Fields["ID"]));
        Assert.EndsWith("Z", all[0].Fields["CHANGED_AT"], StringComparison.Ordinal);
        Assert.StartsWith("2024-03-01 01:00:00", all[0].Fields["CHANGED_AT"], StringComparison.Ordinal);
    }
}
