using System.Diagnostics;
using System.Text.Json;
using IntegrationHub.Core.Synthetic;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Evaluation;
using IntegrationHub.Worker.Generation;
using IntegrationHub.Worker.Ingest;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>
/// The whole identity-matching run on a synthetic population: generate N people as the three agency exports
/// (as <c>hub generate population</c> does), serve the BPJS export over loopback HTTP, write a hub configuration
/// with all three sources, ingest Dukcapil, BPJS and DJP in that order into an empty index, each in a fresh child
/// process through the hub's ingest service (so identity is resolved on every record), then score the index against
/// the truth file.
/// </summary>
internal static class PopulationBenchmark
{
    /// <summary>The generator's "today": fixed, so the same seed gives the same population on every machine and day.</summary>
    public static readonly DateOnly Today = new(2026, 11, 23);

    /// <summary>Dukcapil rows broken on purpose: <c>hub generate population</c>'s default.</summary>
    public const double DefectRate = 0.001;

    public const string ChildCommand = "population-child";

    public static async Task<int> RunAsync(PopulationArguments args, CancellationToken cancellationToken)
    {
        var repository = IngestBenchmark.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("hub-population-").FullName;
        var createdDatabases = new List<string>();
        string? admin = null;
        try
        {
            var loadAtStart = LoadAverage();
            var population = Path.Combine(work, "population");
            Console.Error.WriteLine($"[population] generating {args.People} people (seed {args.Seed}) in {population}");
            var clock = Stopwatch.StartNew();
            var export = await Task.Run(
                () => PopulationExport.Write(population, args.People, args.Seed, Today, new PopulationNoiseOptions(), DefectRate, cancellationToken), cancellationToken);
            var generateSeconds = clock.Elapsed.TotalSeconds;
            var expected = new Dictionary<string, (long Records, long Quarantined)>(StringComparer.Ordinal)
            {
                [Sources.Dukcapil] = (export.Tally.Records(SyntheticAgency.Dukcapil), export.ExpectedDukcapilQuarantine),
                [Sources.Bpjs] = (export.Tally.Records(SyntheticAgency.Bpjs), 0),
                [Sources.Djp] = (export.Tally.Records(SyntheticAgency.Djp), 0),
            };

            string? hubPostgres = null, sqliteDirectory = null;
            string databaseVersion;
            if (args.Database == BenchDatabase.Postgres)
            {
                admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
                    : Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES") is { Length: > 0 } test ? test
                    : throw new ArgumentException("--db postgres needs HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES: a connection string of a server where databases may be created (bench/population.sh --postgres starts one).");
                hubPostgres = await IngestBenchmark.CreateDatabaseAsync(admin, "hub_population_" + Guid.NewGuid().ToString("N")[..12], createdDatabases, cancellationToken);
                databaseVersion = "PostgreSQL " + await IngestBenchmark.ScalarAsync(new NpgsqlConnection(hubPostgres),
                    "SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', loopback TCP'", cancellationToken)
                    + " (fresh database per run)";
            }
            else
            {
                sqliteDirectory = Path.Combine(work, "hub");
                databaseVersion = "SQLite " + await IngestBenchmark.ScalarAsync(new SqliteConnection("Data Source=:memory:"), "SELECT sqlite_version()", cancellationToken)
                    + " (fresh hub.db per run, WAL, synchronous=NORMAL, as the hub opens it)";
            }

            var bpjsRecords = ReadJsonArray(Path.Combine(population, PopulationExport.BpjsFile));
            await using var server = await BpjsServer.StartAsync(bpjsRecords, cancellationToken);
            var configPath = Path.Combine(work, "hub.json");
            WriteConfig(configPath, population, sqliteDirectory, hubPostgres, server.BaseAddress, IngestBenchmark.MappingsDirectory(repository), args.BatchSize);

            // Migrations are set-up, not ingest: applied once here, outside every stopwatch.
            var configuration = LoadConfiguration(configPath);
            await using (var hub = HubDatabase.Open(configuration.GetStorageOptions()))
            {
                await hub.Migrator.MigrateAsync(cancellationToken);
            }

            var results = new List<PhaseResult>();
            foreach (var source in Sources.All)
            {
                Console.Error.WriteLine($"[population] ingesting {source}");
                var result = await ChildProcess.RunAsync([ChildCommand, configPath, source], $"Ingesting {source}", cancellationToken);
                Console.Error.WriteLine($"[population]   {result.Read} records in {result.Seconds:0.0} s ({result.RecordsPerSecond:0} records/s)");
                results.Add(result);
            }

            Console.Error.WriteLine("[population] scoring the index against truth.csv");
            clock.Restart();
            PopulationScores scores;
            var outcomes = new Dictionary<(string Source, string State, string Method), long>();
            await using (var hub = HubDatabase.Open(configuration.GetStorageOptions()))
            {
                var truth = PopulationEvaluation.ReadTruth(Path.Combine(population, PopulationExport.TruthFile));
                scores = await PopulationEvaluation.ScoreAsync(hub.Identity, truth, cancellationToken);
                await foreach (var a in hub.Identity.ListAssignmentsAsync(cancellationToken))
                {
                    var key = (a.Source, a.State, a.Method);
                    outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                }
            }

            var scoreSeconds = clock.Elapsed.TotalSeconds;
            using var parent = Process.GetCurrentProcess();
            parent.Refresh();
            var report = new PopulationReport(
                args, [.. MachineFacts.Describe(databaseVersion), ("Load average (1/5/15 min) at start and end", $"{loadAtStart} / {LoadAverage()} (other work on the machine shares its cores)")], expected, generateSeconds, results, outcomes, scores, scoreSeconds, parent.PeakWorkingSet64);
            var problems = report.Check();
            var markdown = report.ToMarkdown(problems);
            Console.WriteLine(markdown);
            var resultsDirectory = args.ResultsDirectory ?? Path.Combine(repository, "bench", "results");
            Directory.CreateDirectory(resultsDirectory);
            var file = Path.Combine(resultsDirectory, $"matching-population-{(args.Database == BenchDatabase.Postgres ? "postgres" : "sqlite")}-{args.People}.md");
            await File.WriteAllTextAsync(file, markdown, cancellationToken);
            Console.Error.WriteLine($"[population] written {file}");
            foreach (var target in report.Targets())
            {
                Console.Error.WriteLine($"[population] target {(target.Pass ? "PASS" : "FAIL")}: {target.Name}: {target.Measured}");
            }

            foreach (var problem in problems)
            {
                Console.Error.WriteLine("[population] FAILED CHECK: " + problem);
            }

            return problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (args.Keep)
            {
                Console.Error.WriteLine($"[population] kept {work}" + (createdDatabases.Count > 0 ? " and databases " + string.Join(", ", createdDatabases) : ""));
            }
            else
            {
                if (admin is not null)
                {
                    await IngestBenchmark.DropDatabasesAsync(admin, createdDatabases);
                }

                Directory.Delete(work, recursive: true);
            }
        }
    }

    /// <summary>
    /// The child: one source's ingest as <c>hub ingest --source NAME</c> with <c>HUB_CONFIG</c> set to the written
    /// configuration would run it, timed around the ingest service alone.
    /// </summary>
    public static async Task<PhaseResult> RunChildAsync(string configPath, string source, CancellationToken cancellationToken)
    {
        var configuration = LoadConfiguration(configPath);
        if (!configuration.GetSources().TryGetValue(source, out var options))
        {
            throw new ArgumentException($"{configPath} configures no source '{source}'.");
        }

        await using var database = HubDatabase.Open(configuration.GetStorageOptions());
        var service = new IngestService(database, TimeProvider.System, NullLogger<IngestService>.Instance);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var summary = await service.IngestSourceAsync(source, options, null, cancellationToken);
        clock.Stop();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var c = summary.Counts;
        return new PhaseResult(source, Phases.Full, c.Read, c.Accepted, c.Unchanged, c.Quarantined, clock.Elapsed.TotalSeconds,
            process.PeakWorkingSet64, GC.GetTotalAllocatedBytes(precise: true))
        {
            CpuSeconds = (process.TotalProcessorTime - cpuBefore).TotalSeconds,
        };
    }

    /// <summary>The 1, 5 and 15 minute load averages where the OS tells them: other work on the machine slows the run.</summary>
    private static string LoadAverage()
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

    private static IConfiguration LoadConfiguration(string path) =>
        new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();

    /// <summary>The records of a JSON array, each as its raw UTF-8 text, for the BPJS server to page through.</summary>
    private static List<byte[]> ReadJsonArray(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        return [.. document.RootElement.EnumerateArray().Select(e => JsonSerializer.SerializeToUtf8Bytes(e))];
    }

    /// <summary>
    /// The generated <c>hub.json</c>'s Dukcapil and DJP sources, plus BPJS as a rest-json source at the loopback
    /// server and the storage the run writes to. It is a complete hub configuration: <c>HUB_CONFIG=hub.json hub ingest
    /// --source bpjs</c> would run the same ingest.
    /// </summary>
    internal static void WriteConfig(string path, string population, string? sqliteDirectory, string? postgres, Uri bpjs, string mappings, int batchSize)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartObject("Hub");
        json.WriteStartObject("Storage");
        if (postgres is not null)
        {
            json.WriteString("PostgresConnectionString", postgres);
        }
        else
        {
            json.WriteString("DataDirectory", sqliteDirectory);
        }

        json.WriteEndObject();
        json.WriteStartObject("Sources");

        json.WriteStartObject(Sources.Dukcapil);
        json.WriteString("Kind", SourceKinds.CsvFile);
        json.WriteString("Mapping", Path.Combine(mappings, "dukcapil.json"));
        json.WriteNumber("BatchSize", batchSize);
        json.WriteStartObject("Csv");
        json.WriteString("Directory", Path.GetDirectoryName(Path.Combine(population, PopulationExport.DukcapilFile)));
        json.WriteString("Pattern", "*.csv");
        json.WriteString("Delimiter", ";");
        json.WriteString("Encoding", "utf-8");
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject(Sources.Bpjs);
        json.WriteString("Kind", SourceKinds.RestJson);
        json.WriteString("Mapping", Path.Combine(mappings, "bpjs.json"));
        json.WriteNumber("BatchSize", batchSize);
        json.WriteStartObject("Rest");
        json.WriteString("BaseAddress", bpjs.ToString());
        json.WriteString("Path", BpjsServer.Path);
        json.WriteNumber("PageSize", batchSize);
        json.WriteString("KeyField", "noKartu");
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject(Sources.Djp);
        json.WriteString("Kind", SourceKinds.SqlTable);
        json.WriteString("Mapping", Path.Combine(mappings, "djp.json"));
        json.WriteNumber("BatchSize", batchSize);
        json.WriteStartObject("Sql");
        json.WriteString("ProviderName", "Microsoft.Data.Sqlite");
        json.WriteString("ConnectionString", new SqliteConnectionStringBuilder { DataSource = Path.Combine(population, PopulationExport.DjpFile), Mode = SqliteOpenMode.ReadOnly }.ToString());
        json.WriteString("Table", "WAJIB_PAJAK");
        json.WriteString("KeyColumn", "NPWP");
        json.WriteString("IncrementalColumn", "LAST_UPDATED");
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
