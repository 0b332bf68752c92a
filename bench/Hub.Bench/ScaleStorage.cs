using System.Data.Common;
using Dapper;
using IntegrationHub.Storage;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Bench;

/// <summary>One table's footprint: its rows, its own bytes and its indexes' bytes (each index by name).</summary>
internal sealed record TableSize(string Table, long Rows, long TableBytes, long IndexBytes, IReadOnlyList<(string Index, long Bytes)> Indexes);

/// <summary>The hub database's footprint after a load, per table and per index.</summary>
internal sealed record StorageFootprint(string Method, long Persons, IReadOnlyList<TableSize> Tables)
{
    public long TotalBytes => Tables.Sum(t => t.TableBytes + t.IndexBytes);
}

/// <summary>
/// Measures the footprint. PostgreSQL: <c>pg_table_size</c> (heap, TOAST, free-space and visibility maps) and
/// <c>pg_relation_size</c> of each index (<c>pg_indexes_size</c> for the sum). SQLite: the <c>dbstat</c> virtual
/// table's pages per table and index when the library has it, else the file's page count for the whole database.
/// </summary>
internal static class ScaleStorage
{
    public static async Task<StorageFootprint> MeasureAsync(HubDatabase database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var persons = await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM person", cancellationToken: cancellationToken));
        return connection is SqliteConnection
            ? await SqliteAsync(connection, persons, cancellationToken)
            : await PostgresAsync(connection, persons, cancellationToken);
    }

    private static async Task<StorageFootprint> PostgresAsync(DbConnection connection, long persons, CancellationToken cancellationToken)
    {
        var tables = (await connection.QueryAsync<(string Name, long Bytes, long IndexBytes)>(new CommandDefinition(
            """
            SELECT c.relname, pg_table_size(c.oid), pg_indexes_size(c.oid)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
            ORDER BY c.relname
            """, cancellationToken: cancellationToken))).ToList();
        var indexes = (await connection.QueryAsync<(string Table, string Index, long Bytes)>(new CommandDefinition(
            """
            SELECT t.relname, i.relname, pg_relation_size(i.oid)
            FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = current_schema()
            ORDER BY i.relname
            """, cancellationToken: cancellationToken))).ToLookup(i => i.Table);
        var result = new List<TableSize>();
        foreach (var (name, bytes, indexBytes) in tables)
        {
            result.Add(new TableSize(name, await CountAsync(connection, name, cancellationToken), bytes, indexBytes, [.. indexes[name].Select(i => (i.Index, i.Bytes))]));
        }

        return new StorageFootprint("pg_table_size (heap, TOAST, free-space and visibility maps), pg_indexes_size and pg_relation_size per index", persons, result);
    }

    private static async Task<StorageFootprint> SqliteAsync(DbConnection connection, long persons, CancellationToken cancellationToken)
    {
        var objects = (await connection.QueryAsync<(string Type, string Name, string Table)>(new CommandDefinition(
            "SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name",
            cancellationToken: cancellationToken))).ToList();
        Dictionary<string, long> pages;
        string method;
        try
        {
            pages = (await connection.QueryAsync<(string Name, long Bytes)>(new CommandDefinition(
                "SELECT name, SUM(pgsize) FROM dbstat GROUP BY name", cancellationToken: cancellationToken))).ToDictionary(r => r.Name, r => r.Bytes, StringComparer.Ordinal);
            method = "the dbstat virtual table (bytes of the pages of each table and index)";
        }
        catch (SqliteException)
        {
            return await CopiedAsync((SqliteConnection)connection, objects, persons, cancellationToken);
        }

        var result = new List<TableSize>();
        foreach (var table in objects.Where(o => o.Type == "table"))
        {
            var own = objects.Where(o => o.Type == "index" && o.Table == table.Name).Select(o => (o.Name, pages.GetValueOrDefault(o.Name))).ToList();

            // Implicit indexes (primary keys, UNIQUE) are named sqlite_autoindex_<table>_N.
            var prefix = "sqlite_autoindex_" + table.Name + "_";
            own.AddRange(pages.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key[prefix.Length..].All(char.IsAsciiDigit)).Select(p => (p.Key, p.Value)));
            result.Add(new TableSize(table.Name, await CountAsync(connection, table.Name, cancellationToken), pages.GetValueOrDefault(table.Name), own.Sum(i => i.Item2), own));
        }

        return new StorageFootprint(method, persons, result);
    }

    /// <summary>
    /// Without <c>dbstat</c>: each table is rebuilt, from its own <c>CREATE</c> statement, in a scratch database
    /// attached to the hub's file, its rows copied, then each of its indexes created; the growth of the scratch file's
    /// page count after each step is that table's or index's size, in pages as SQLite packs them when written in
    /// order (a freshly loaded table; the hub's, filled batch by batch, may hold some more free space per page). The
    /// implicit indexes of PRIMARY KEY and UNIQUE constraints count with their table. The scratch file is deleted.
    /// </summary>
    private static async Task<StorageFootprint> CopiedAsync(
        SqliteConnection hub, List<(string Type, string Name, string Table)> objects, long persons, CancellationToken cancellationToken)
    {
        var scratch = Path.Combine(Path.GetTempPath(), "hub-scale-size-" + Guid.NewGuid().ToString("N") + ".db");
        var definitions = (await hub.QueryAsync<(string Name, string Sql)>(new CommandDefinition(
            "SELECT name, sql FROM sqlite_schema WHERE type IN ('table', 'index') AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%'",
            cancellationToken: cancellationToken))).ToDictionary(d => d.Name, d => d.Sql, StringComparer.Ordinal);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = hub.DataSource, Pooling = false, ForeignKeys = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        try
        {
            await connection.ExecuteAsync(new CommandDefinition("ATTACH DATABASE @Path AS scratch", new { Path = scratch }, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA scratch.journal_mode = OFF; PRAGMA scratch.synchronous = OFF", cancellationToken: cancellationToken));
            var pageSize = await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA scratch.page_size", cancellationToken: cancellationToken));
            async Task<long> Pages() => await connection.ExecuteScalarAsync<long>(new CommandDefinition("PRAGMA scratch.page_count", cancellationToken: cancellationToken));

            var result = new List<TableSize>();
            foreach (var table in objects.Where(o => o.Type == "table"))
            {
                var before = await Pages();
                await ExecuteAsync(connection, InScratch(definitions[table.Name], "TABLE", table.Name), cancellationToken);
                await ExecuteAsync(connection, $"INSERT INTO scratch.\"{table.Name}\" SELECT * FROM main.\"{table.Name}\"", cancellationToken);
                var tableBytes = (await Pages() - before) * pageSize;
                var indexes = new List<(string, long)>();
                foreach (var index in objects.Where(o => o.Type == "index" && o.Table == table.Name && definitions.ContainsKey(o.Name)))
                {
                    before = await Pages();
                    await ExecuteAsync(connection, InScratch(definitions[index.Name], "INDEX", index.Name), cancellationToken);
                    indexes.Add((index.Name, (await Pages() - before) * pageSize));
                }

                result.Add(new TableSize(table.Name, await CountAsync(connection, table.Name, cancellationToken), tableBytes, indexes.Sum(i => i.Item2), indexes));
            }

            return new StorageFootprint(
                "page counts of each table and index rebuilt in a scratch database (this SQLite has no dbstat); implicit PRIMARY KEY/UNIQUE indexes count with their table",
                persons, result);
        }
        finally
        {
            await connection.CloseAsync();
            File.Delete(scratch);
        }
    }

    // "CREATE [UNIQUE] TABLE|INDEX [IF NOT EXISTS] name" -> the same object in the scratch schema. The statement is the
    // database's own definition, the name one of its objects.
    private static string InScratch(string sql, string kind, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(sql, $@"^\s*CREATE\s+(UNIQUE\s+)?{kind}\s+(IF\s+NOT\s+EXISTS\s+)?(""?){System.Text.RegularExpressions.Regex.Escape(name)}\3", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        if (!match.Success)
        {
            throw new InvalidOperationException($"Cannot read the definition of {name}.");
        }

        return string.Concat($"CREATE {match.Groups[1].Value}{kind} scratch.\"{name}\"", sql.AsSpan(match.Length));
    }

#pragma warning disable CA2100 // the database's own definitions and object names
    private static Task<int> ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(sql, commandTimeout: 0, cancellationToken: cancellationToken));
#pragma warning restore CA2100

    // Table names come from the database's own catalog, never from input.
#pragma warning disable CA2100
    private static Task<long> CountAsync(DbConnection connection, string table, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM \"{table}\"", cancellationToken: cancellationToken));
#pragma warning restore CA2100
}
