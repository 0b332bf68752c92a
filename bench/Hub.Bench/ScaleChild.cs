using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Bench;

/// <summary>
/// The scale suite's child processes: one source's hub ingest with the phase counter read back
/// (<see cref="IngestAsync"/>), and the raw bulk load of one source's rows (<see cref="FloorAsync"/>).
/// </summary>
internal static class ScaleChild
{
    public const string IngestCommand = "scale-ingest";
    public const string FloorCommand = "scale-floor";

    /// <summary>The initial load, the unchanged re-ingest and the daily delta: the same ingest, told apart in the report.</summary>
    public const string Load = "load";
    public const string Again = "again";
    public const string Delta = "delta";

    /// <summary>
    /// One source's ingest through the hub's <see cref="IngestService"/> with its configuration from <paramref name="configPath"/>,
    /// as <c>hub ingest --source NAME [FILE]</c> would run it. Dukcapil is read from <paramref name="file"/> in place.
    /// For <see cref="Again"/>, the source's committed cursor is forgotten first (outside the stopwatch), so that it
    /// reads its whole export again, as an operator's full re-read would.
    /// </summary>
    public static async Task<PhaseResult> IngestAsync(string configPath, string source, string step, string? file, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath), optional: false, reloadOnChange: false).Build();
        if (!configuration.GetSources().TryGetValue(source, out var options))
        {
            throw new ArgumentException($"{configPath} configures no source '{source}'.");
        }

        await using var database = HubDatabase.Open(configuration.GetStorageOptions());
        if (step == Again)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM source_cursor WHERE source = @Source", new { Source = source }, cancellationToken: cancellationToken));
        }

        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new HubMetrics(services.GetRequiredService<IMeterFactory>());
        using var phases = new PhaseCounter(metrics);
        var service = new IngestService(database, TimeProvider.System, NullLogger<IngestService>.Instance, metrics: metrics);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var summary = file is not null
            ? await service.IngestFilesAsync(source, options, [file], null, cancellationToken)
            : await service.IngestSourceAsync(source, options, null, cancellationToken);
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var c = summary.Counts;
        var result = new PhaseResult(source, step, c.Read, c.Accepted, c.Unchanged, c.Quarantined, clock.Elapsed.TotalSeconds,
            process.PeakWorkingSet64, GC.GetTotalAllocatedBytes(precise: true))
        {
            CpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
            PhaseSeconds = phases.Snapshot(),
        };

        // After the peak and the CPU time are read: what the run left reachable (the service and its caches).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return result with { LiveHeapBytes = GC.GetTotalMemory(forceFullCollection: false) };
    }

    /// <summary>
    /// The floor for one source: its export's rows, read from the generated file (CSV lines split on <c>;</c>, the BPJS
    /// JSON array's records with one column per top-level field, the DJP table's rows), loaded as text columns into a
    /// plain table of the hub's database: binary COPY on PostgreSQL, prepared INSERTs in one transaction on SQLite.
    /// Reading the export is inside the stopwatch, as the hub must read it too. The table is dropped afterwards.
    /// </summary>
    public static async Task<PhaseResult> FloorAsync(BenchContext context, string source, string bpjsFile, CancellationToken cancellationToken)
    {
        var (columns, rows) = source switch
        {
            Sources.Dukcapil => CsvRows(context.CsvPath),
            Sources.Bpjs => JsonRows(bpjsFile),
            Sources.Djp => TableRows(context.DjpConnectionString),
            _ => throw new ArgumentException($"Unknown source '{source}'.", nameof(source)),
        };

        var table = "scale_floor_" + source;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await using var database = PhaseRunner.OpenHub(context);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var (loaded, elapsed) = await RawBulkLoad.LoadAsync(connection, table, columns, rows(), cancellationToken);
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        SyntheticSources.Execute(connection, null, $"DROP TABLE {table}");
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new PhaseResult(source, Phases.Floor, loaded, loaded, 0, 0, elapsed.TotalSeconds, process.PeakWorkingSet64, GC.GetTotalAllocatedBytes(precise: true))
        {
            CpuSeconds = cpu,
        };
    }


    private static (int Columns, Func<IEnumerable<string?[]>> Rows) CsvRows(string path)
    {
        var columns = File.ReadLines(path).First().Split(';').Length;
        return (columns, () => File.ReadLines(path).Skip(1).Select(line => (string?[])line.Split(';')));
    }

    private static (int Columns, Func<IEnumerable<string?[]>> Rows) JsonRows(string path)
    {
        string[] names;
        using (var first = File.OpenRead(path))
        {
            names = [.. JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(first).ToBlockingEnumerable().First().EnumerateObject().Select(p => p.Name)];
        }

        IEnumerable<string?[]> Rows()
        {
            using var stream = File.OpenRead(path);
            foreach (var record in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream).ToBlockingEnumerable())
            {
                var row = new string?[names.Length];
                for (var i = 0; i < names.Length; i++)
                {
                    if (record.TryGetProperty(names[i], out var value))
                    {
                        row[i] = value.ValueKind switch
                        {
                            JsonValueKind.String => value.GetString(),
                            JsonValueKind.Null => null,
                            _ => value.GetRawText(),
                        };
                    }
                }

                yield return row;
            }
        }

        return (names.Length, Rows);
    }

    private static (int Columns, Func<IEnumerable<string?[]>> Rows) TableRows(string connectionString)
    {
        int columns;
        using (var connection = new SqliteConnection(connectionString))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {SyntheticSources.DjpTable} LIMIT 0";
            using var reader = command.ExecuteReader();
            columns = reader.FieldCount;
        }

        IEnumerable<string?[]> Rows()
        {
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {SyntheticSources.DjpTable}";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var row = new string?[columns];
                for (var i = 0; i < columns; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                yield return row;
            }
        }

        return (columns, Rows);
    }

    /// <summary>Sums <c>hub_ingest_phase_seconds_total</c> of one <see cref="HubMetrics"/> instance by phase, as a scraper would.</summary>
    private sealed class PhaseCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly double[] _seconds = new double[IngestPhaseTimes.Names.Count];

        public PhaseCounter(HubMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == metrics.Meter && instrument.Name == HubMetrics.IngestPhaseInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "phase" && tag.Value is string phase)
                    {
                        for (var i = 0; i < _seconds.Length; i++)
                        {
                            if (IngestPhaseTimes.Names[i] == phase)
                            {
                                lock (_seconds)
                                {
                                    _seconds[i] += value;
                                }
                            }
                        }
                    }
                }
            });
            _listener.Start();
        }

        public Dictionary<string, double> Snapshot()
        {
            lock (_seconds)
            {
                return IngestPhaseTimes.Names.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => _seconds[p.i], StringComparer.Ordinal);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
