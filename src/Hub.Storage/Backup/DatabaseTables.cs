using System.Data.Common;
using Dapper;

namespace IntegrationHub.Storage.Backup;

/// <summary>The tables of a hub database and their row counts, as the backup manifest and restore verification see them.</summary>
internal static class DatabaseTables
{
    private const string SqliteTables = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";

    private const string PostgresTables = """
        SELECT table_name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
         ORDER BY table_name
        """;

    public static async Task<IReadOnlyList<string>> ListAsync(DbConnection connection, DatabaseProvider provider, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var sql = provider == DatabaseProvider.Sqlite ? SqliteTables : PostgresTables;
        var names = await connection.QueryAsync<string>(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
        return names.ToList();
    }

    public static async Task<IReadOnlyDictionary<string, long>> CountRowsAsync(DbConnection connection, DatabaseProvider provider, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in await ListAsync(connection, provider, transaction, cancellationToken))
        {
            // A table name cannot be a parameter. These names come from the database's own catalogue, and only plain
            // names (letters, digits, underscore) are counted, quoted; anything else is refused.
            if (!IsPlainName(table))
            {
                throw new BackupException("The database has a table whose name is not a plain name (letters, digits, underscore); refusing to count it.", isInputProblem: false);
            }

            counts[table] = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COUNT(*) FROM \"" + table + "\"", transaction: transaction, cancellationToken: cancellationToken));
        }

        return counts;
    }

    public static async Task<int> SchemaVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        try
        {
            return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", transaction: transaction, cancellationToken: cancellationToken));
        }
        catch (DbException) when (transaction is null)
        {
            // No schema_migrations table: a database the hub never migrated.
            return 0;
        }
    }

    private static bool IsPlainName(string name) =>
        name.Length is > 0 and <= 63 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
