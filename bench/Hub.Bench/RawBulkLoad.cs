using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Bench;

/// <summary>
/// The floor the ingest benchmarks compare against: rows of text put into a plain table of the same database by the
/// cheapest means it has (PostgreSQL binary COPY; SQLite one transaction of prepared INSERTs).
/// </summary>
internal static class RawBulkLoad
{
    /// <summary>
    /// Creates <paramref name="table"/> with <paramref name="columns"/> text columns and loads <paramref name="rows"/>
    /// into it; enumerating the rows (reading the export) is inside the stopwatch. Returns the rows loaded and the time.
    /// </summary>
    public static async Task<(long Rows, TimeSpan Elapsed)> LoadAsync(DbConnection connection, string table, int columns, IEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        // Table and column names are made here from constants and a count, never from input.
        SyntheticSources.Execute(connection, null, $"CREATE TABLE {table} ({string.Join(", ", Enumerable.Range(1, columns).Select(i => Column(i) + " TEXT"))})");
        long loaded = 0;
        var clock = Stopwatch.StartNew();
        if (connection is NpgsqlConnection postgres)
        {
            await using var copy = await postgres.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                for (var i = 0; i < columns; i++)
                {
                    await copy.WriteAsync(i < row.Length ? row[i] : null, NpgsqlDbType.Text, cancellationToken);
                }

                loaded++;
            }

            await copy.CompleteAsync(cancellationToken);
        }
        else
        {
            var sqlite = (SqliteConnection)connection;
            await using var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(cancellationToken);
            await using var insert = sqlite.CreateCommand();
            insert.Transaction = transaction;
#pragma warning disable CA2100 // built from a constant table name and a column count
            insert.CommandText = $"INSERT INTO {table} VALUES ({string.Join(", ", Enumerable.Range(1, columns).Select(i => "$" + Column(i)))})";
#pragma warning restore CA2100
            var parameters = Enumerable.Range(1, columns).Select(i => insert.Parameters.Add("$" + Column(i), SqliteType.Text)).ToArray();
            insert.Prepare();
            foreach (var row in rows)
            {
                for (var i = 0; i < columns; i++)
                {
                    parameters[i].Value = i < row.Length && row[i] is { } value ? value : DBNull.Value;
                }

                insert.ExecuteNonQuery();
                loaded++;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        clock.Stop();
        return (loaded, clock.Elapsed);
    }

    private static string Column(int i) => "c" + i.ToString(CultureInfo.InvariantCulture);
}
