using System.Data.Common;
using System.Reflection;
using Dapper;
using IntegrationHub.Core.Ports;

namespace IntegrationHub.Storage;

/// <summary>
/// Applies the numbered SQL files embedded under <c>Migrations/{Sqlite|Postgres}/NNNN_name.sql</c>, in order,
/// each in its own transaction with its row in <c>schema_migrations</c>. Several nodes may start at once:
/// PostgreSQL serialises them on an advisory lock, SQLite on its write lock.
/// </summary>
internal sealed class SchemaMigrator : ISchemaMigrator
{
    // An arbitrary constant that names the hub's migration lock among other advisory locks on the server.
    private const long PostgresLockKey = 0x4855_425F_4D49_47;

    private readonly HubDatabase _database;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<Migration> _migrations;

    public SchemaMigrator(HubDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
        _migrations = LoadMigrations(database.Provider);
    }

    public int LatestVersion => _migrations.Count == 0 ? 0 : _migrations[^1].Version;

    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await EnsureTableAsync(connection, cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AppliedMigration>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var postgres = _database.Provider == DatabaseProvider.Postgres;
        if (postgres)
        {
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@Key)", new { Key = PostgresLockKey }, cancellationToken: cancellationToken));
        }

        try
        {
            await EnsureTableAsync(connection, cancellationToken);
            var applied = new List<AppliedMigration>();
            foreach (var migration in _migrations)
            {
                await using var transaction = await BeginAsync(connection, cancellationToken);
                var done = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                    "SELECT COUNT(*) FROM schema_migrations WHERE version = @Version", new { migration.Version }, transaction, cancellationToken: cancellationToken));
                if (done > 0)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    continue;
                }

                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                var now = _time.GetUtcNow();
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = _database.Dialect.Time(now) },
                    transaction,
                    cancellationToken: cancellationToken));
                await transaction.CommitAsync(cancellationToken);
                applied.Add(new AppliedMigration(migration.Version, migration.Name, now));
            }

            return applied;
        }
        finally
        {
            if (postgres)
            {
                await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@Key)", new { Key = PostgresLockKey }, cancellationToken: CancellationToken.None));
            }
        }
    }

    private async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_database.Provider == DatabaseProvider.Sqlite)
        {
            // Take the write lock before reading schema_migrations, so two processes cannot both decide to apply.
            var sqlite = (Microsoft.Data.Sqlite.SqliteConnection)connection;
            return sqlite.BeginTransaction(deferred: false);
        }

        return await connection.BeginTransactionAsync(cancellationToken);
    }

    private async Task EnsureTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var sql = _database.Provider == DatabaseProvider.Sqlite
            ? "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            : "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)";
        await connection.ExecuteAsync(new CommandDefinition(sql, cancellationToken: cancellationToken));
    }

    internal static IReadOnlyList<Migration> LoadMigrations(DatabaseProvider provider)
    {
        var assembly = typeof(SchemaMigrator).GetTypeInfo().Assembly;
        var prefix = $"IntegrationHub.Storage.Migrations.{provider}/";
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration '{file}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(version, Path.GetFileNameWithoutExtension(file[(underscore + 1)..]), reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        // Numbers are reserved per feature ahead of time, so a build may lack one (0007 before 0006 lands); each is
        // applied once by number, whatever order they arrive in. Only a repeated number is a mistake.
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Migrations for {provider} must have distinct numbers; {migrations[i].Version} is used twice.");
            }
        }

        return migrations;
    }

    internal sealed record Migration(int Version, string Name, string Sql);
}
