using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Generation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>
/// Matching against a large index (issue 4, speed): generate a population of <c>--index</c> people, take the first
/// <c>--bpjs</c> BPJS records of it, and match those same records (BPJS over loopback HTTP, through the hub's ingest
/// service in a fresh child process) twice: against an index of just the Dukcapil records of the people they belong
/// to (the small index, about <c>--bpjs</c> persons) and against the index of the whole population. Reports
/// records per second, cost per record, peak working set of each child, and the ratio of the costs per record.
/// </summary>
internal static class MatchIndexBenchmark
{
    public static async Task<int> RunAsync(MatchIndexArguments args, CancellationToken cancellationToken)
    {
        var repository = IngestBenchmark.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("hub-match-index-").FullName;
        var created = new List<string>();
        string? admin = null;
        try
        {
            var loadAtStart = LoadAverage();
            var population = Path.Combine(work, "population");
            Console.Error.WriteLine($"[match-index] generating {args.Index} people (seed {args.Seed})");
            var clock = Stopwatch.StartNew();
            await Task.Run(
                () => PopulationExport.Write(population, args.Index, args.Seed, PopulationBenchmark.Today, new IntegrationHub.Core.Synthetic.PopulationNoiseOptions(), PopulationBenchmark.DefectRate, cancellationToken),
                cancellationToken);
            var generateSeconds = clock.Elapsed.TotalSeconds;

            var bpjs = await FirstBpjsRecordsAsync(Path.Combine(population, PopulationExport.BpjsFile), args.Bpjs, cancellationToken);
            var small = Path.Combine(work, "small");
            var smallRows = WriteSmallIndex(population, small, bpjs.Keys);
            Console.Error.WriteLine($"[match-index] {bpjs.Records.Count} BPJS records; small index of {smallRows} Dukcapil rows");

            string databaseVersion;
            if (args.Database == BenchDatabase.Postgres)
            {
                admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
                    : Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES") is { Length: > 0 } test ? test
                    : throw new ArgumentException("--db postgres needs HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES (bench/match-index.sh --postgres starts a server).");
                databaseVersion = "PostgreSQL " + await IngestBenchmark.ScalarAsync(new NpgsqlConnection(admin),
                    "SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', loopback TCP'", cancellationToken)
                    + " (fresh database per index)";
            }
            else
            {
                databaseVersion = "SQLite " + await IngestBenchmark.ScalarAsync(new SqliteConnection("Data Source=:memory:"), "SELECT sqlite_version()", cancellationToken)
                    + " (fresh hub.db per index, WAL, synchronous=NORMAL, as the hub opens it)";
            }

            await using var server = await BpjsServer.StartAsync(bpjs.Records, cancellationToken);
            var runs = new List<IndexRun>();
            foreach (var (name, directory) in new[] { ("small", small), ("large", population) })
            {
                string? postgres = null, sqliteDirectory = null;
                if (admin is not null)
                {
                    postgres = await IngestBenchmark.CreateDatabaseAsync(admin, "hub_match_" + name + "_" + Guid.NewGuid().ToString("N")[..8], created, cancellationToken);
                }
                else
                {
                    sqliteDirectory = Path.Combine(work, "hub-" + name);
                }

                var config = Path.Combine(work, $"hub-{name}.json");
                PopulationBenchmark.WriteConfig(config, directory, sqliteDirectory, postgres, server.BaseAddress, IngestBenchmark.MappingsDirectory(repository), args.BatchSize);
                var configuration = new ConfigurationBuilder().AddJsonFile(config, optional: false, reloadOnChange: false).Build();
                await using (var hub = HubDatabase.Open(configuration.GetStorageOptions()))
                {
                    await hub.Migrator.MigrateAsync(cancellationToken);
                }

                Console.Error.WriteLine($"[match-index] {name}: building the index (Dukcapil)");
                var build = await ChildProcess.RunAsync([PopulationBenchmark.ChildCommand, config, Sources.Dukcapil], $"Indexing {name}", cancellationToken);
                Console.Error.WriteLine($"[match-index]   {build.Read} records in {build.Seconds:0.0} s ({build.RecordsPerSecond:0} records/s)");
                Console.Error.WriteLine($"[match-index] {name}: matching {bpjs.Records.Count} BPJS records");
                var match = await ChildProcess.RunAsync([PopulationBenchmark.ChildCommand, config, Sources.Bpjs], $"Matching against {name}", cancellationToken);
                Console.Error.WriteLine($"[match-index]   {match.Read} records in {match.Seconds:0.0} s ({match.RecordsPerSecond:0} records/s)");

                long persons;
                var outcomes = new SortedDictionary<string, long>(StringComparer.Ordinal);
                await using (var hub = HubDatabase.Open(configuration.GetStorageOptions()))
                {
                    persons = await hub.MasterIndex.CountPersonsAsync(cancellationToken);
                    await foreach (var a in hub.Identity.ListAssignmentsAsync(cancellationToken))
                    {
                        if (a.Source == Sources.Bpjs)
                        {
                            var key = $"{a.State} / {a.Method}";
                            outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
                        }
                    }
                }

                runs.Add(new IndexRun(name, build, match, persons, outcomes));
            }

            var report = Report(args, databaseVersion, loadAtStart, generateSeconds, smallRows, runs);
            Console.WriteLine(report.Markdown);
            var resultsDirectory = args.ResultsDirectory ?? Path.Combine(repository, "bench", "results");
            Directory.CreateDirectory(resultsDirectory);
            var file = Path.Combine(resultsDirectory, $"match-index-{(args.Database == BenchDatabase.Postgres ? "postgres" : "sqlite")}-{args.Index}.md");
            await File.WriteAllTextAsync(file, report.Markdown, cancellationToken);
            Console.Error.WriteLine($"[match-index] written {file}");
            Console.Error.WriteLine($"[match-index] target {(report.Flat ? "PASS" : "FAIL")}: cost per record {report.Ratio:0.00}x from the small to the large index (target <= 1.5x)");
            return runs.All(r => r.Match.Read == bpjs.Records.Count) ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            SqliteConnection.ClearAllPools();
            if (admin is not null)
            {
                await IngestBenchmark.DropDatabasesAsync(admin, created);
            }

            if (args.Keep)
            {
                Console.Error.WriteLine($"[match-index] kept {work}");
            }
            else
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private sealed record IndexRun(string Name, PhaseResult Build, PhaseResult Match, long Persons, SortedDictionary<string, long> Outcomes)
    {
        public double MicrosecondsPerRecord => Match.Read > 0 ? Match.Seconds * 1e6 / Match.Read : 0;

        public double CpuMicrosecondsPerRecord => Match.Read > 0 ? Match.CpuSeconds * 1e6 / Match.Read : 0;
    }

    private sealed record MatchIndexReport(string Markdown, double Ratio, bool Flat);

    private static MatchIndexReport Report(MatchIndexArguments args, string databaseVersion, string loadAtStart, double generateSeconds, long smallRows, List<IndexRun> runs)
    {
        var inv = CultureInfo.InvariantCulture;
        var db = args.Database == BenchDatabase.Postgres ? "PostgreSQL" : "SQLite";
        var md = new StringBuilder();
        md.Append(inv, $"# Matching {args.Bpjs:N0} BPJS records against a {args.Index:N0}-person index, {db}\n\n");
        md.Append(inv, $"Command: `bench/match-index.sh{(args.Database == BenchDatabase.Postgres ? " --postgres --postgres-only" : " --sqlite-only")} --index {args.Index} --bpjs {args.Bpjs}` (runs `dotnet run -c Release --project bench/Hub.Bench -- match-index {string.Join(' ', args.Raw)}` under `nice`)\n\n");
        foreach (var (name, value) in MachineFacts.Describe(databaseVersion))
        {
            md.Append(inv, $"- {name}: {value}\n");
        }

        md.Append(inv, $"- Load average (1/5/15 min) at start and end: {loadAtStart} / {LoadAverage()}. The machine was shared: 2 cores, other sessions' builds and tests ran at the same time, so absolute figures are pessimistic; the ratio of the two runs, made back to back in one process, is the measure.\n");
        md.Append(inv, $"- Population: `hub generate population --people {args.Index} --seed {args.Seed} --today 2026-11-23`, generated in {generateSeconds:0.0} s. The BPJS records are the first {args.Bpjs:N0} of its BPJS export, served page by page over loopback HTTP ({args.BatchSize} per page); batch {args.BatchSize} records per transaction.\n");
        md.Append(inv, $"- Small index: the Dukcapil records of the people those BPJS records belong to ({smallRows:N0} rows, by truth.csv). Large index: the whole population's Dukcapil export. Each index is built in an empty database, then the same BPJS records are matched against it; each step is a fresh child process running the hub's ingest service (identity resolution on every record, shipped model).\n\n");
        md.Append("| index | persons | index build records | build s | build records/s | build CPU s | build peak working set | BPJS records | match s | **match records/s** | µs/record | CPU µs/record | match peak working set | allocated per record |\n");
        md.Append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in runs)
        {
            md.Append(inv, $"| {r.Name} | {r.Persons:N0} | {r.Build.Read:N0} | {r.Build.Seconds:0.0} | {r.Build.RecordsPerSecond:N0} | {r.Build.CpuSeconds:0.0} | {Mib(r.Build.PeakWorkingSetBytes)} | {r.Match.Read:N0} | {r.Match.Seconds:0.0} | **{r.Match.RecordsPerSecond:N0}** | {r.MicrosecondsPerRecord:N0} | {r.CpuMicrosecondsPerRecord:N0} | {Mib(r.Match.PeakWorkingSetBytes)} | {(r.Match.Read > 0 ? r.Match.AllocatedBytes / r.Match.Read : 0):N0} B |\n");
        }

        md.Append("\nCPU time is the hub process's own (user + system, all threads), measured around the ingest; the database server's CPU (PostgreSQL) is not in it. On a shared machine wall time stretches with the load; CPU time much less.\n");

        md.Append("Peak working set is the child process's whole life (runtime, set-up and the ingest).\n\n## BPJS outcomes (link state / method)\n\n| outcome | small index | large index |\n| --- | ---: | ---: |\n");
        foreach (var key in runs.SelectMany(r => r.Outcomes.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            md.Append(inv, $"| {key} | {runs[0].Outcomes.GetValueOrDefault(key):N0} | {runs[1].Outcomes.GetValueOrDefault(key):N0} |\n");
        }

        var ratio = runs[0].MicrosecondsPerRecord > 0 ? runs[1].MicrosecondsPerRecord / runs[0].MicrosecondsPerRecord : double.NaN;
        var flat = ratio <= 1.5;
        md.Append(inv, $"\n## Target (issue 4): cost per record flat within 1.5x from the small to the large index\n\n");
        var cpuRatio = runs[0].CpuMicrosecondsPerRecord > 0 ? runs[1].CpuMicrosecondsPerRecord / runs[0].CpuMicrosecondsPerRecord : double.NaN;
        md.Append(inv, $"| measure | measured | result |\n| --- | --- | --- |\n");
        md.Append(inv, $"| wall time per record | {runs[1].MicrosecondsPerRecord:N0} µs / {runs[0].MicrosecondsPerRecord:N0} µs = **{ratio:0.00}x** ({runs[1].Persons:N0} vs {runs[0].Persons:N0} persons) | {(flat ? "pass" : "fail")} |\n");
        md.Append(inv, $"| hub CPU time per record | {runs[1].CpuMicrosecondsPerRecord:N0} µs / {runs[0].CpuMicrosecondsPerRecord:N0} µs = **{cpuRatio:0.00}x** | {(cpuRatio <= 1.5 ? "pass" : "fail")} |\n");
        md.Append("\nOn a loaded machine the wall-time ratio follows the load of the moment as much as the index; the CPU ratio does not.\n");
        return new MatchIndexReport(md.ToString(), ratio, flat);
    }

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):N0} MiB");

    /// <summary>The first <paramref name="count"/> records of the BPJS export (raw JSON) and their card numbers, read as a stream.</summary>
    private static async Task<(List<byte[]> Records, HashSet<string> Keys)> FirstBpjsRecordsAsync(string path, int count, CancellationToken cancellationToken)
    {
        var records = new List<byte[]>(count);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await using var stream = File.OpenRead(path);
        await foreach (var element in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, cancellationToken: cancellationToken))
        {
            if (records.Count >= count)
            {
                break;
            }

            records.Add(JsonSerializer.SerializeToUtf8Bytes(element));
            keys.Add(element.GetProperty("noKartu").GetString() ?? "");
        }

        return (records, keys);
    }

    /// <summary>
    /// Writes <c>small/dukcapil/biodata.csv</c>: the header and the Dukcapil rows of the people the BPJS cards belong
    /// to (by truth.csv, whose Dukcapil rows are in the export's order). Returns the number of rows written.
    /// </summary>
    private static long WriteSmallIndex(string population, string small, HashSet<string> bpjsKeys)
    {
        var people = new HashSet<string>(StringComparer.Ordinal);
        var dukcapilPeople = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(population, PopulationExport.TruthFile)).Skip(1))
        {
            var parts = line.Split(',');
            if (parts[0] == "bpjs" && bpjsKeys.Contains(parts[1]))
            {
                people.Add(parts[2]);
            }
            else if (parts[0] == "dukcapil")
            {
                dukcapilPeople.Add(parts[2]);
            }
        }

        var target = Path.Combine(small, PopulationExport.DukcapilFile);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        using var reader = new StreamReader(Path.Combine(population, PopulationExport.DukcapilFile), Encoding.UTF8);
        using var writer = new StreamWriter(target, append: false, new UTF8Encoding(false));
        writer.Write(reader.ReadLine());
        writer.Write('\n');
        long written = 0;
        var row = 0;
        while (reader.ReadLine() is { } line)
        {
            if (row < dukcapilPeople.Count && people.Contains(dukcapilPeople[row]))
            {
                writer.Write(line);
                writer.Write('\n');
                written++;
            }

            row++;
        }

        if (row != dukcapilPeople.Count)
        {
            throw new InvalidOperationException($"The Dukcapil export has {row} rows but truth.csv labels {dukcapilPeople.Count}: the small index cannot be selected.");
        }

        return written;
    }

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
}

/// <summary>The command line of <c>Hub.Bench match-index</c>.</summary>
internal sealed class MatchIndexArguments : PopulationRunArguments
{
    public int Index { get; private set; } = 1_000_000;

    public int Bpjs { get; private set; } = 100_000;

    public static MatchIndexArguments Parse(IReadOnlyList<string> args) => Parse(new MatchIndexArguments(), args);

    protected override bool TryParseOwn(string option, Func<string> value)
    {
        switch (option)
        {
            case "--index":
                Index = Count(value());
                return true;
            case "--bpjs":
                Bpjs = Count(value());
                return true;
            default:
                return false;
        }
    }

    protected override void Validate()
    {
        if (Index < 1 || Bpjs < 1)
        {
            throw new ArgumentException("--index and --bpjs must be at least 1.");
        }
    }
}
