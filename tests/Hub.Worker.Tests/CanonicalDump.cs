using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Worker.Tests;

/// <summary>
/// A canonical, order-free dump of the master index, for comparing two databases that should hold the same
/// thing however they got there (an interrupted and resumed run against an uninterrupted one). Persons are named
/// by NIK, or by their smallest linked source key when they have none, never by their generated ids; run ids,
/// record ids and times are left out. Covers persons, golden fields with their lineage, source records, links
/// and quarantine, and the change feed (<c>change_event</c>) when that table exists — its id, sequence and time
/// columns left out, person ids replaced by the person's name. Works on SQLite and PostgreSQL.
/// </summary>
public static class CanonicalDump
{
    /// <summary>The dump of an SQLite database file.</summary>
    public static async Task<IReadOnlyList<string>> OfSqliteAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        return await OfAsync(connection);
    }

    /// <summary>The dump of a PostgreSQL database.</summary>
    public static async Task<IReadOnlyList<string>> OfPostgresAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await OfAsync(connection);
    }

    /// <summary>The dump through an open connection, sorted.</summary>
    public static async Task<IReadOnlyList<string>> OfAsync(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // A person's name: its NIK, else the smallest source:key linked to it.
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var row in await QueryAsync(connection, "SELECT p.person_id, p.nik, (SELECT MIN(l.source || ':' || l.source_key) FROM source_link l WHERE l.person_id = p.person_id) FROM person p"))
        {
            names[row[0]] = row[1] != "" ? "nik:" + row[1] : "key:" + row[2];
        }

        string Name(string personId) => personId == "" ? "-" : names.TryGetValue(personId, out var n) ? n : "?";
        var lines = new List<string>();
        foreach (var id in names.Keys)
        {
            lines.Add("person|" + Name(id));
        }

        foreach (var r in await QueryAsync(connection, "SELECT person_id, field, value, source, source_key, rule, line FROM person_field"))
        {
            lines.Add($"field|{Name(r[0])}|{r[1]}|{r[2]}|{r[3]}|{r[4]}|{r[5]}|{r[6]}");
        }

        foreach (var r in await QueryAsync(connection, "SELECT source, source_key, content_hash, person_id, location, line, payload FROM source_record"))
        {
            lines.Add($"record|{r[0]}|{r[1]}|{r[2]}|{Name(r[3])}|{r[4]}|{r[5]}|{r[6]}");
        }

        foreach (var r in await QueryAsync(connection, "SELECT source, source_key, person_id, state, method FROM source_link"))
        {
            lines.Add($"link|{r[0]}|{r[1]}|{Name(r[2])}|{r[3]}|{r[4]}");
        }

        foreach (var r in await QueryAsync(connection, "SELECT source, location, line, reason, field, message, raw_hash, status FROM quarantine"))
        {
            lines.Add("quarantine|" + string.Join('|', r));
        }

        if (await TableExistsAsync(connection, "change_event"))
        {
            lines.AddRange(await ChangeEventsAsync(connection, Name));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    // Every column of change_event but those that differ between two equal histories (ids, sequence numbers,
    // times); a person id column is replaced by the person's name.
    private static async Task<IEnumerable<string>> ChangeEventsAsync(DbConnection connection, Func<string, string> name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM change_event";
        await using var reader = await command.ExecuteReaderAsync();
        var keep = new List<int>();
        for (var i = 0; i < reader.FieldCount; i++)
        {
            var column = reader.GetName(i).ToLowerInvariant();
            var volatileColumn = column is "id" or "seq" or "sequence" or "event_id" or "run_id" || column.EndsWith("_at", StringComparison.Ordinal) || column.EndsWith("time", StringComparison.Ordinal) || column.EndsWith("_seq", StringComparison.Ordinal);
            if (!volatileColumn)
            {
                keep.Add(i);
            }
        }

        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add("event|" + string.Join('|', keep.Select(i =>
            {
                var value = Text(reader.GetValue(i));
                return reader.GetName(i).Equals("person_id", StringComparison.OrdinalIgnoreCase) ? name(value) : value;
            })));
        }

        return lines;
    }

    private static async Task<bool> TableExistsAsync(DbConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = connection is SqliteConnection
            ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name"
            : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";
        var parameter = command.CreateParameter();
        parameter.ParameterName = connection is SqliteConnection ? "$name" : "name";
        parameter.Value = table;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<List<string[]>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    private static string Text(object value) => value switch
    {
        DBNull => "",
        Guid g => g.ToString("D"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
