using System.Diagnostics;
using Dapper;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>One table's rows, bulk-loaded again: how long binary COPY took to write them into a same-indexed copy.</summary>
internal sealed record TableLoad(string Table, long Rows, double Seconds);

/// <summary>
/// The hub's own write floor: every row the load left in the hub's tables, written again by the cheapest means the
/// database has. It answers what the raw floor cannot: how fast any ingest that must store these rows (lineage,
/// decisions, blocking keys, events) could be, with the matching and all other work taken away.
/// </summary>
internal sealed record WriteFloor(IReadOnlyList<TableLoad> Tables)
{
    public double Seconds => Tables.Sum(t => t.Seconds);

    public long Rows => Tables.Sum(t => t.Rows);
}

/// <summary>
/// Measures <see cref="WriteFloor"/> on PostgreSQL. Per table with rows: its rows are exported with binary COPY to a
/// temporary file (not timed), then loaded with binary COPY into a new table made <c>LIKE</c> it with its indexes
/// (primary key, unique and secondary indexes; no foreign keys, triggers or identity), timed, and the copy dropped.
/// </summary>
internal static class ScaleWriteFloor
{
    public static async Task<WriteFloor> MeasureAsync(string connectionString, IEnumerable<TableSize> tables, string work, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var loads = new List<TableLoad>();
        var file = Path.Combine(work, "write-floor.bin");
        foreach (var table in tables.Where(t => t.Rows > 0).OrderBy(t => t.Table, StringComparer.Ordinal))
        {
            // Table names come from the catalogue (pg_class), quoted; nothing here is input.
            var source = Quote(table.Table);
            var copy = Quote("write_floor_" + table.Table);
            await using (var output = File.Create(file))
            await using (var export = await connection.BeginRawBinaryCopyAsync($"COPY {source} TO STDOUT (FORMAT BINARY)", cancellationToken))
            {
                await export.CopyToAsync(output, cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition($"CREATE TABLE {copy} (LIKE {source} INCLUDING DEFAULTS INCLUDING INDEXES)", cancellationToken: cancellationToken));
            var clock = Stopwatch.StartNew();
            await using (var input = File.OpenRead(file))
            await using (var import = await connection.BeginRawBinaryCopyAsync($"COPY {copy} FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                await input.CopyToAsync(import, cancellationToken);
            }

            clock.Stop();
            loads.Add(new TableLoad(table.Table, table.Rows, clock.Elapsed.TotalSeconds));
            await connection.ExecuteAsync(new CommandDefinition($"DROP TABLE {copy}", cancellationToken: cancellationToken));
            Console.Error.WriteLine($"[scale]   write floor {table.Table}: {table.Rows} rows in {clock.Elapsed.TotalSeconds:0.000} s");
        }

        File.Delete(file);
        return new WriteFloor(loads);
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
