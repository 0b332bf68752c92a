using System.Data.Common;
using IntegrationHub.Connectors.Sql;
using IntegrationHub.Core.Synthetic;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>
/// The whole run: generate N residents, render them as the three sources, then measure in child processes the
/// floor and, per source, read / read+validate / read+map / full ingest, in the order the hub would ingest them.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>The generator's "today": fixed, so the same seed gives the same rows on every machine and day.</summary>
    private static readonly DateOnly Today = new(2026, 11, 23);

    public static async Task<int> RunAsync(BenchArguments args, CancellationToken cancellationToken)
    {
        var repository = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("hub-bench-").FullName;
        var createdDatabases = new List<string>();
        string? admin = null;
        try
        {
            Console.Error.WriteLine($"[bench] generating {args.Rows} residents (seed {args.Seed}) in {work}");
            var people = new PopulationGenerator(args.Seed, Today).Generate(args.Rows).ToList();
            var csvPath = Path.Combine(work, "dukcapil.csv");
            var dukcapil = SyntheticSources.WriteDukcapil(csvPath, people, args.Seed);
            var bpjsRecords = SyntheticSources.RenderBpjs(people);

            string djpProvider, djpConnection, databaseVersion;
            string? hubPostgres = null, sqliteDirectory = null;
            int djpRows;
            if (args.Database == BenchDatabase.Postgres)
            {
                admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") is { Length: > 0 } bench ? bench
                    : Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES") is { Length: > 0 } test ? test
                    : throw new ArgumentException("--db postgres needs HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES: a connection string of a server where databases may be created (bench/run.sh --postgres starts one).");
                var name = "hub_bench_" + Guid.NewGuid().ToString("N")[..12];
                hubPostgres = await CreateDatabaseAsync(admin, name, createdDatabases, cancellationToken);
                djpConnection = await CreateDatabaseAsync(admin, name + "_djp", createdDatabases, cancellationToken);
                djpProvider = SqlProviderRegistry.PostgreSql;
                djpRows = await SyntheticSources.WriteDjpPostgresAsync(djpConnection, people, cancellationToken);
                databaseVersion = "PostgreSQL " + await ScalarAsync(new NpgsqlConnection(hubPostgres),
                    "SELECT current_setting('server_version') || ', fsync=' || current_setting('fsync') || ', synchronous_commit=' || current_setting('synchronous_commit') || ', loopback TCP'", cancellationToken)
                    + " (fresh database per run; DJP's table in a second fresh database on the same server)";
            }
            else
            {
                sqliteDirectory = Path.Combine(work, "hub");
                var djpPath = Path.Combine(work, "djp.db");
                djpRows = SyntheticSources.WriteDjpSqlite(djpPath, people);
                djpConnection = "Data Source=" + djpPath;
                djpProvider = SqlProviderRegistry.Sqlite;
                databaseVersion = "SQLite " + await ScalarAsync(new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"), "SELECT sqlite_version()", cancellationToken)
                    + " (fresh hub.db per run, WAL, synchronous=NORMAL, as the hub opens it; DJP's table in its own SQLite file)";
            }

            await using var server = await BpjsServer.StartAsync(bpjsRecords, cancellationToken);
            var context = new BenchContext(
                args.Database, sqliteDirectory, hubPostgres, csvPath, server.BaseAddress, djpProvider, djpConnection, args.BatchSize, MappingsDirectory(repository));
            var contextPath = Path.Combine(work, "context.json");
            context.Save(contextPath);

            // Migrations are set-up, not ingest: applied once here, outside every stopwatch.
            await using (var hub = PhaseRunner.OpenHub(context))
            {
                await hub.Migrator.MigrateAsync(cancellationToken);
            }

            var expected = new Dictionary<string, long>(StringComparer.Ordinal)
            {
                [Sources.Dukcapil] = dukcapil.Rows,
                [Sources.Bpjs] = bpjsRecords.Count,
                [Sources.Djp] = djpRows,
            };

            var results = new List<PhaseResult>();
            Console.Error.WriteLine("[bench] floor: raw bulk load of the Dukcapil rows");
            results.Add(await ChildProcess.RunAsync(contextPath, Sources.Dukcapil, Phases.Floor, cancellationToken));
            foreach (var source in Sources.All)
            {
                foreach (var phase in new[] { Phases.Read, Phases.ReadValidate, Phases.ReadMap, Phases.Full })
                {
                    Console.Error.WriteLine($"[bench] {source}: {phase}");
                    var result = await ChildProcess.RunAsync(contextPath, source, phase, cancellationToken);
                    Console.Error.WriteLine($"[bench]   {result.Read} records in {result.Seconds:0.000} s");
                    results.Add(result);
                }
            }

            using var parent = System.Diagnostics.Process.GetCurrentProcess();
            parent.Refresh();
            var report = new IngestReport(args, MachineFacts.Describe(databaseVersion), results, dukcapil.Defects.Count, parent.PeakWorkingSet64);
            var problems = report.Check(expected);
            var markdown = report.ToMarkdown(problems);
            Console.WriteLine(markdown);
            var resultsDirectory = args.ResultsDirectory ?? Path.Combine(repository, "bench", "results");
            Directory.CreateDirectory(resultsDirectory);
            var file = Path.Combine(resultsDirectory, $"ingest-{(args.Database == BenchDatabase.Postgres ? "postgres" : "sqlite")}-{args.Rows}.md");
            await File.WriteAllTextAsync(file, markdown, cancellationToken);
            Console.Error.WriteLine($"[bench] written {file}");
            foreach (var problem in problems)
            {
                Console.Error.WriteLine("[bench] FAILED CHECK: " + problem);
            }

            return problems.Count == 0 ? 0 : 1;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (args.Keep)
            {
                Console.Error.WriteLine($"[bench] kept {work}" + (createdDatabases.Count > 0 ? " and databases " + string.Join(", ", createdDatabases) : ""));
            }
            else
            {
                if (admin is not null)
                {
                    await DropDatabasesAsync(admin, createdDatabases);
                }

                Directory.Delete(work, recursive: true);
            }
        }
    }

    internal static async Task<string> CreateDatabaseAsync(string admin, string name, List<string> created, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        // CREATE DATABASE takes no parameters; the name is made here from a Guid, never from input.
        SyntheticSources.Execute(connection, null, "CREATE DATABASE " + name);
        created.Add(name);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    internal static async Task DropDatabasesAsync(string admin, IEnumerable<string> names)
    {
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            foreach (var name in names)
            {
                SyntheticSources.Execute(connection, null, $"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            }
        }
        catch (NpgsqlException ex)
        {
            Console.Error.WriteLine($"[bench] could not drop the benchmark databases ({ex.Message}); drop {string.Join(", ", names)} by hand.");
        }
    }

    // Constant statements only.
#pragma warning disable CA2100
    internal static async Task<string> ScalarAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using (connection)
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) ?? "?";
        }
    }
#pragma warning restore CA2100

    internal static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "IntegrationHub.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run the benchmark from inside the IntegrationHub repository (IntegrationHub.sln not found above here).");
    }

    /// <summary>The shipped mappings: copied beside the program by Hub.Worker's build, else the repository's.</summary>
    internal static string MappingsDirectory(string repository)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "mappings");
        return File.Exists(Path.Combine(beside, "dukcapil.json")) ? beside : Path.Combine(repository, "mappings");
    }
}
