using System.Diagnostics;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Rest;
using IntegrationHub.Connectors.Sql;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Bench;

/// <summary>
/// Measures one phase of one source inside a child process, so that its peak working set and allocations are
/// that phase's alone. Only the phase itself is inside the stopwatch: process start, opening the mapping and
/// the database are not.
/// </summary>
internal static class PhaseRunner
{
    public static async Task<PhaseResult> RunAsync(BenchContext context, string source, string phase, CancellationToken cancellationToken)
    {
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var result = phase switch
        {
            Phases.Read => await ReadAsync(context, source, Phases.Read, cancellationToken),
            Phases.ReadValidate => await ReadAsync(context, source, Phases.ReadValidate, cancellationToken),
            Phases.ReadMap => await ReadAsync(context, source, Phases.ReadMap, cancellationToken),
            Phases.Full => await IngestAsync(context, source, cancellationToken),
            Phases.Floor => await FloorAsync(context, cancellationToken),
            _ => throw new ArgumentException($"Unknown phase '{phase}'.", nameof(phase)),
        };

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return result with
        {
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true),
            CpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
        };
    }

    /// <summary>The source as the hub would configure it (what <c>appsettings.json</c> would say), in code.</summary>
    public static SourceOptions Configure(BenchContext context, string source) => source switch
    {
        Sources.Dukcapil => new SourceOptions
        {
            Kind = SourceKinds.CsvFile,
            Mapping = MappingPath(context, source),
            BatchSize = context.BatchSize,
        },
        Sources.Bpjs => new SourceOptions
        {
            Kind = SourceKinds.RestJson,
            Mapping = MappingPath(context, source),
            BatchSize = context.BatchSize,
            Rest = new RestJsonSourceOptions
            {
                BaseAddress = context.BpjsBaseAddress,
                Path = BpjsServer.Path,
                PageSize = context.BatchSize,
                KeyField = "noKartu",
            },
        },
        Sources.Djp => new SourceOptions
        {
            Kind = SourceKinds.SqlTable,
            Mapping = MappingPath(context, source),
            BatchSize = context.BatchSize,
            Sql = new SqlTableSourceOptions
            {
                ProviderName = context.DjpProvider,
                ConnectionString = context.DjpConnectionString,
                Table = SyntheticSources.DjpTable,
                KeyColumn = "NPWP",
                IncrementalColumn = "LAST_UPDATED",
            },
        },
        _ => throw new ArgumentException($"Unknown source '{source}'.", nameof(source)),
    };

    private static string MappingPath(BenchContext context, string source) => Path.Combine(context.MappingsDirectory, source + ".json");

    private static async Task<PhaseResult> ReadAsync(BenchContext context, string source, string phase, CancellationToken cancellationToken)
    {
        var options = Configure(context, source);
        var mapping = SourceFactory.LoadMapping(source, options, TimeProvider.System);
        var schema = phase == Phases.Read ? null : SourceFactory.LoadSchema(source, mapping);
        var map = phase == Phases.ReadMap;
        var connector = SourceFactory.Create(source, options, mapping, source == Sources.Dukcapil ? [context.CsvPath] : null);
        try
        {
            long read = 0, accepted = 0, quarantined = 0;
            var clock = Stopwatch.StartNew();
            foreach (var feed in await connector.DiscoverAsync(cancellationToken))
            {
                var cursor = SourceCursor.Start;
                while (true)
                {
                    var batch = await connector.ReadAsync(feed, cursor, context.BatchSize, cancellationToken);
                    read += batch.Rows.Count + batch.Unreadable.Count;
                    quarantined += batch.Unreadable.Count;
                    if (schema is not null)
                    {
                        foreach (var row in batch.Rows)
                        {
                            if (schema.Validate(row) is null && (!map || mapping.Map(row).Record is not null))
                            {
                                accepted++;
                            }
                            else
                            {
                                quarantined++;
                            }
                        }
                    }
                    else
                    {
                        accepted += batch.Rows.Count;
                    }

                    cursor = batch.Next;
                    if (batch.Exhausted)
                    {
                        break;
                    }
                }
            }

            clock.Stop();
            return new PhaseResult(source, phase, read, accepted, 0, quarantined, clock.Elapsed.TotalSeconds, 0, 0);
        }
        finally
        {
            (connector as IDisposable)?.Dispose();
        }
    }

    private static async Task<PhaseResult> IngestAsync(BenchContext context, string source, CancellationToken cancellationToken)
    {
        var options = Configure(context, source);
        await using var database = OpenHub(context);
        var service = new IngestService(database, TimeProvider.System, NullLogger<IngestService>.Instance);
        var clock = Stopwatch.StartNew();
        var summary = source == Sources.Dukcapil
            ? await service.IngestFilesAsync(source, options, [context.CsvPath], null, cancellationToken)
            : await service.IngestSourceAsync(source, options, null, cancellationToken);
        clock.Stop();
        var c = summary.Counts;
        return new PhaseResult(source, Phases.Full, c.Read, c.Accepted, c.Unchanged, c.Quarantined, clock.Elapsed.TotalSeconds, 0, 0);
    }

    public static HubDatabase OpenHub(BenchContext context) => HubDatabase.Open(context.Database == BenchDatabase.Postgres
        ? new StorageOptions { PostgresConnectionString = context.HubPostgres }
        : new StorageOptions { DataDirectory = context.SqliteDataDirectory! });

    /// <summary>
    /// The floor: the cheapest way to put the Dukcapil file's rows into the same database, through a connection the
    /// hub itself opens (same file, WAL and sync settings on SQLite; same server and database on PostgreSQL). The
    /// file is read and split inside the stopwatch, as the hub must read and parse it too.
    /// </summary>
    private static async Task<PhaseResult> FloorAsync(BenchContext context, CancellationToken cancellationToken)
    {
        const int Columns = 22;
        await using var database = OpenHub(context);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var (rows, elapsed) = await RawBulkLoad.LoadAsync(
            connection, "bench_floor", Columns, File.ReadLines(context.CsvPath).Skip(1).Select(line => line.Split(';')), cancellationToken);
        return new PhaseResult("floor", Phases.Floor, rows, rows, 0, 0, elapsed.TotalSeconds, 0, 0);
    }
}
