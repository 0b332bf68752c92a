using System.Diagnostics;
using Dapper;
using IntegrationHub.Connectors.Sql;
using IntegrationHub.Core.Synthetic;
using IntegrationHub.Worker.Generation;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>Everything measured at one population size on one database.</summary>
internal sealed record ScaleRun(
    int People,
    IReadOnlyDictionary<string, long> Records,
    double GenerateSeconds,
    IReadOnlyList<PhaseResult> Results,
    StorageFootprint Storage,
    DeltaFile Delta,
    IReadOnlyDictionary<string, long> DeltaEvents,
    long PlantedDefects,
    long ExpectedDukcapilQuarantine,
    WriteFloor? WriteFloor = null);

/// <summary>
/// The national-scale ingest suite (issue 8), for each population size in turn on one database: generate the three
/// agency exports (<c>hub generate population</c>); in a fresh hub database measure the floor (a raw bulk load of
/// each source's rows), then per source read / read+validate / read+map (<see cref="PhaseRunner"/>) and the full
/// ingest with its phase counters (<see cref="ScaleChild"/>), each in a fresh child process; the storage footprint;
/// a re-ingest of the same exports (the unchanged path); and a daily delta of 1% of Dukcapil. Then the growth
/// table across sizes and the memory bound (peak RSS at the largest size ÷ at 100k, per phase).
/// </summary>
internal static class ScaleBenchmark
{
    /// <summary>The size the memory bound is measured against (issue 8: 1M within 1.2x of 100k).</summary>
    public const int MemoryBase = 100_000;

    public static async Task<int> RunAsync(ScaleArguments args, CancellationToken cancellationToken)
    {
        var repository = IngestBenchmark.RepositoryRoot();
        var loadAtStart = LoadAverage();
        var runs = new List<ScaleRun>();
        var problems = new List<string>();
        string databaseVersion = "?";
        foreach (var people in args.People)
        {
            var (run, version, runProblems) = await RunOneAsync(args, people, repository, cancellationToken);
            runs.Add(run);
            databaseVersion = version;
            problems.AddRange(runProblems.Select(p => $"N={people}: {p}"));
        }

        var machine = MachineFacts.Describe(databaseVersion).Append(("Load average (1/5/15 min) at start and end", $"{loadAtStart} / {LoadAverage()} (other work on the machine shares its cores)")).ToList();
        var report = new ScaleReport(args, machine, runs);
        var markdown = report.ToMarkdown(problems);
        Console.WriteLine(markdown);
        var resultsDirectory = args.ResultsDirectory ?? Path.Combine(repository, "bench", "results");
        Directory.CreateDirectory(resultsDirectory);
        var file = Path.Combine(resultsDirectory, $"scale-{Db(args)}-{string.Join('-', args.People)}.md");
        await File.WriteAllTextAsync(file, markdown, cancellationToken);
        Console.Error.WriteLine($"[scale] written {file}");
        foreach (var line in report.Verdicts())
        {
            Console.Error.WriteLine("[scale] " + line);
        }

        foreach (var problem in problems)
        {
            Console.Error.WriteLine("[scale] FAILED CHECK: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static string Db(ScaleArguments args) => args.Database == BenchDatabase.Postgres ? "postgres" : "sqlite";

    private static async Task<(ScaleRun Run, string DatabaseVersion, List<string> Problems)> RunOneAsync(
        ScaleArguments args, int people, string repository, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("hub-scale-").FullName;
        var created = new List<string>();
        string? admin = null;
        try
        {
            var population = Path.Combine(work, "population");
            Console.Error.WriteLine($"[scale] N={people}: generating the population (seed {args.Seed}) in {population}");
            var clock = Stopwatch.StartNew();
            var export = await Task.Run(
                () => PopulationExport.Write(population, people, args.Seed, PopulationBenchmark.Today, new PopulationNoiseOptions(), PopulationBenchmark.DefectRate, cancellationToken),
                cancellationToken);
            var generateSeconds = clock.Elapsed.TotalSeconds;
            var records = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                [Sources.Dukcapil] = export.Tally.Records(SyntheticAgency.Dukcapil),
                [Sources.Bpjs] = export.Tally.Records(SyntheticAgency.Bpjs),
                [Sources.Djp] = export.Tally.Records(SyntheticAgency.Djp),
            };

            string? hubPostgres = null, sqliteDirectory = null;
            string databaseVersion;
            if (args.Database == BenchDatabase.Postgres)
            {
                admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
                    : Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES") is { Length: > 0 } test ? test
                    : throw new ArgumentException("--db postgres needs HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES: a connection string of a server where databases may be created (bench/scale.sh --postgres starts one).");
                hubPostgres = await IngestBenchmark.CreateDatabaseAsync(admin, "hub_scale_" + Guid.NewGuid().ToString("N")[..12], created, cancellationToken);
                databaseVersion = "PostgreSQL " + await IngestBenchmark.ScalarAsync(new NpgsqlConnection(hubPostgres),
                    "SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', shared_buffers=' || current_setting('shared_buffers') || ', loopback TCP'", cancellationToken)
                    + " (fresh database per size)";
            }
            else
            {
                sqliteDirectory = Path.Combine(work, "hub");
                databaseVersion = "SQLite " + await IngestBenchmark.ScalarAsync(new SqliteConnection("Data Source=:memory:"), "SELECT sqlite_version()", cancellationToken)
                    + " (fresh hub.db per size, WAL, synchronous=NORMAL, as the hub opens it)";
            }

            var bpjsFile = Path.Combine(population, PopulationExport.BpjsFile);
            var csv = Path.Combine(population, PopulationExport.DukcapilFile);
            await using var server = await BpjsServer.StartAsync(ReadJsonArray(bpjsFile), cancellationToken);
            var configPath = Path.Combine(work, "hub.json");
            var mappings = IngestBenchmark.MappingsDirectory(repository);
            PopulationBenchmark.WriteConfig(configPath, population, sqliteDirectory, hubPostgres, server.BaseAddress, mappings, args.BatchSize);
            var djpConnection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(population, PopulationExport.DjpFile), Mode = SqliteOpenMode.ReadOnly }.ToString();
            var context = new BenchContext(args.Database, sqliteDirectory, hubPostgres, csv, server.BaseAddress, SqlProviderRegistry.Sqlite, djpConnection, args.BatchSize, mappings);
            var contextPath = Path.Combine(work, "context.json");
            context.Save(contextPath);

            // Migrations are set-up, not ingest: applied once here, outside every stopwatch.
            await using (var hub = PhaseRunner.OpenHub(context))
            {
                await hub.Migrator.MigrateAsync(cancellationToken);
            }

            var results = new List<PhaseResult>();
            async Task<PhaseResult> Child(string what, params string[] arguments)
            {
                Console.Error.WriteLine($"[scale] N={people}: {what}");
                var result = await ChildProcess.RunAsync(arguments, what, cancellationToken);
                Console.Error.WriteLine($"[scale]   {result.Read} records in {result.Seconds:0.000} s ({result.RecordsPerSecond:0} records/s), peak RSS {result.PeakWorkingSetBytes / 1048576.0:0} MiB");
                results.Add(result);
                return result;
            }

            // The floor first, into the empty database; each floor table is dropped after its load.
            foreach (var source in Sources.All)
            {
                await Child($"floor {source}", ScaleChild.FloorCommand, contextPath, source, bpjsFile);
            }

            foreach (var source in Sources.All)
            {
                foreach (var phase in new[] { Phases.Read, Phases.ReadValidate, Phases.ReadMap })
                {
                    await Child($"{source} {phase}", "child", contextPath, source, phase);
                }

                await Child($"{source} full ingest", Ingest(configPath, source, ScaleChild.Load, source == Sources.Dukcapil ? csv : null));
            }

            StorageFootprint storage;
            await using (var hub = PhaseRunner.OpenHub(context))
            {
                storage = await ScaleStorage.MeasureAsync(hub, cancellationToken);
            }

            WriteFloor? writeFloor = null;
            if (hubPostgres is not null)
            {
                Console.Error.WriteLine($"[scale] N={people}: write floor (the loaded rows, bulk-loaded again)");
                writeFloor = await ScaleWriteFloor.MeasureAsync(hubPostgres, storage.Tables, work, cancellationToken);
            }

            foreach (var source in Sources.All)
            {
                await Child($"{source} re-ingest (unchanged)", Ingest(configPath, source, ScaleChild.Again, source == Sources.Dukcapil ? csv : null));
            }

            var broken = export.Defects.Select(d => d.Line).ToHashSet();
            var delta = DukcapilDelta.Write(csv, Path.Combine(work, "delta", "biodata-delta.csv"), broken, PopulationBenchmark.Today);
            var eventsBefore = await EventCountsAsync(context, cancellationToken);
            await Child($"daily delta ({delta.Rows} Dukcapil rows)", Ingest(configPath, Sources.Dukcapil, ScaleChild.Delta, delta.Path));
            var eventsAfter = await EventCountsAsync(context, cancellationToken);
            var deltaEvents = eventsAfter.ToDictionary(e => e.Key, e => e.Value - eventsBefore.GetValueOrDefault(e.Key), StringComparer.Ordinal);

            var run = new ScaleRun(people, records, generateSeconds, results, storage, delta, deltaEvents, export.Defects.Count, export.ExpectedDukcapilQuarantine, writeFloor);
            return (run, databaseVersion, Check(run));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (args.Keep)
            {
                Console.Error.WriteLine($"[scale] kept {work}" + (created.Count > 0 ? " and databases " + string.Join(", ", created) : ""));
            }
            else
            {
                if (admin is not null)
                {
                    await IngestBenchmark.DropDatabasesAsync(admin, created);
                }

                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static string[] Ingest(string configPath, string source, string step, string? file) =>
        file is null ? [ScaleChild.IngestCommand, configPath, source, step] : [ScaleChild.IngestCommand, configPath, source, step, file];

    /// <summary>The run's own counts must add up; a wrong count means the numbers measure something else.</summary>
    internal static List<string> Check(ScaleRun run)
    {
        var problems = new List<string>();
        PhaseResult Get(string source, string phase) => run.Results.Single(r => r.Source == source && r.Phase == phase);
        foreach (var source in Sources.All)
        {
            var expected = run.Records[source];
            foreach (var phase in new[] { Phases.Floor, Phases.Read, Phases.ReadValidate, Phases.ReadMap, ScaleChild.Load, ScaleChild.Again })
            {
                var r = Get(source, phase);
                if (r.Read != expected)
                {
                    problems.Add($"{source} {phase}: read {r.Read}, expected {expected}.");
                }

                if (r.Accepted + r.Unchanged + r.Quarantined != r.Read)
                {
                    problems.Add($"{source} {phase}: read {r.Read} != accepted {r.Accepted} + unchanged {r.Unchanged} + quarantined {r.Quarantined}.");
                }
            }

            if (Get(source, ScaleChild.Load).Quarantined != Get(source, Phases.ReadMap).Quarantined)
            {
                problems.Add($"{source}: the full ingest quarantined {Get(source, ScaleChild.Load).Quarantined}, read+map {Get(source, Phases.ReadMap).Quarantined}.");
            }

            if (Get(source, ScaleChild.Again).Accepted != 0)
            {
                problems.Add($"{source}: re-ingesting the same export accepted {Get(source, ScaleChild.Again).Accepted} records; expected none.");
            }

            var load = Get(source, ScaleChild.Load);
            if (load.PhaseSeconds is not { } phases || phases.Values.Sum() > load.Seconds || phases.Values.Any(v => v < 0))
            {
                problems.Add($"{source}: the phase counters ({string.Join(", ", load.PhaseSeconds ?? new Dictionary<string, double>())}) do not fit in the ingest's {load.Seconds:0.000} s.");
            }
        }

        if (Get(Sources.Dukcapil, ScaleChild.Load).Quarantined != run.ExpectedDukcapilQuarantine)
        {
            problems.Add($"dukcapil: quarantined {Get(Sources.Dukcapil, ScaleChild.Load).Quarantined}, expected {run.ExpectedDukcapilQuarantine}.");
        }

        var delta = Get(Sources.Dukcapil, ScaleChild.Delta);
        if (delta.Read != run.Delta.Rows || delta.Accepted + delta.Quarantined != run.Delta.Rows)
        {
            problems.Add($"daily delta: read {delta.Read}, accepted {delta.Accepted}, quarantined {delta.Quarantined}, of {run.Delta.Rows} changed rows.");
        }

        return problems;
    }

    private static async Task<Dictionary<string, long>> EventCountsAsync(BenchContext context, CancellationToken cancellationToken)
    {
        await using var hub = PhaseRunner.OpenHub(context);
        await using var connection = await hub.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Type, long Count)>(new CommandDefinition(
            "SELECT type, COUNT(*) FROM change_event GROUP BY type", cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.Type, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>The records of a JSON array, each as its raw UTF-8 text, for the BPJS server to page through.</summary>
    private static List<byte[]> ReadJsonArray(string path)
    {
        using var stream = File.OpenRead(path);
        return [.. System.Text.Json.JsonSerializer.DeserializeAsyncEnumerable<System.Text.Json.JsonElement>(stream).ToBlockingEnumerable()
            .Select(e => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(e))];
    }

    internal static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
