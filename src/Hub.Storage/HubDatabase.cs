using System.Data.Common;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Internal;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Storage;

/// <summary>
/// The hub's database: opens connections and hands out the storage ports. One instance per process;
/// it owns the PostgreSQL connection pool.
/// </summary>
public sealed class HubDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqliteConnectionString;

    private HubDatabase(DatabaseProvider provider, NpgsqlDataSource? postgres, string? sqliteConnectionString, string description, TimeProvider time, MatchEngine? matcher, string secretsKeyFile)
    {
        Provider = provider;
        _postgres = postgres;
        _sqliteConnectionString = sqliteConnectionString;
        Description = description;
        Dialect = provider == DatabaseProvider.Sqlite ? SqlDialect.Sqlite : SqlDialect.Postgres;
        Migrator = new SchemaMigrator(this, time);
        var store = new MasterIndexStore(this, time, matcher);
        MasterIndex = store;
        Identity = store;
        Search = store;
        Access = new Access.AccessStore(this, time);
        Feeds = new Feeds.FeedStore(this, secretsKeyFile);
        Runs = new Runs.RunStore(this, time);
        Quarantine = new Quarantine.QuarantineStore(this, store, time);
    }

    /// <summary>Which engine this is.</summary>
    public DatabaseProvider Provider { get; }

    /// <summary>Where the data is, without secrets: the SQLite file, or PostgreSQL host, port and database.</summary>
    public string Description { get; }

    /// <summary>Applies migrations.</summary>
    public ISchemaMigrator Migrator { get; }

    /// <summary>The master index and ingest bookkeeping.</summary>
    public IMasterIndexStore MasterIndex { get; }

    /// <summary>Identity resolution's operations: the review queue, link, unlink, merge, unmerge, overrides and history.</summary>
    public IIdentityStore Identity { get; }

    /// <summary>Search of the master index by name and birth date.</summary>
    public IPersonSearch Search { get; }

    /// <summary>API clients, keys and access policies.</summary>
    public Access.AccessStore Access { get; }
    /// <summary>The change feed, subscriptions and webhook deliveries.</summary>
    public Feeds.FeedStore Feeds { get; }
    /// <summary>Scheduled runs, connector leases and pause flags, and the quarantine as operators browse it.</summary>
    public Runs.RunStore Runs { get; }

    /// <summary>Quarantined rows for re-processing after a mapping fix (see docs/runs.md).</summary>
    public Quarantine.QuarantineStore Quarantine { get; }

    internal SqlDialect Dialect { get; }

    /// <summary>Opens the database the options name. Throws <see cref="ArgumentException"/> listing every problem with them.</summary>
    /// <param name="options">Where the database is.</param>
    /// <param name="time">The clock (the system's when null).</param>
    /// <param name="matcher">The identity matcher (the shipped default model when null).</param>
    public static HubDatabase Open(StorageOptions options, TimeProvider? time = null, MatchEngine? matcher = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems), nameof(options));
        }

        time ??= TimeProvider.System;
        var keyFile = Path.GetFullPath(string.IsNullOrWhiteSpace(options.SecretsKeyFile)
            ? Path.Combine(options.DataDirectory, IntegrationHub.Storage.Feeds.SecretKeyFile.DefaultFileName)
            : options.SecretsKeyFile);
        if (!string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            var builder = new NpgsqlConnectionStringBuilder(options.PostgresConnectionString);
            var description = $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}";
            return new HubDatabase(DatabaseProvider.Postgres, NpgsqlDataSource.Create(builder), null, description, time, matcher, keyFile);
        }

        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, options.SqliteFileName);
        var sqlite = new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Waits this long for a writer in another process or connection before reporting "database is locked".
            DefaultTimeout = 30,
        };
        return new HubDatabase(DatabaseProvider.Sqlite, null, sqlite.ToString(), $"SQLite {file}", time, matcher, keyFile);
    }

    /// <summary>Opens a connection, set up for the hub (SQLite: WAL, foreign keys, NORMAL sync).</summary>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            // WAL lets the API read while an ingest writes; NORMAL sync is durable across process crashes in WAL mode.
            // busy_timeout: a writer waiting for another's lock is woken by SQLite within milliseconds of its release
            // (without it the driver retries only every 150 ms).
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
