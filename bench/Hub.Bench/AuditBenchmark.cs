using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Audit;
using Npgsql;

namespace IntegrationHub.Bench;

/// <summary>
/// <c>Hub.Bench audit --entries N --db sqlite|postgres [--writers W] [--floor-entries F] [--results DIR]</c>: audit
/// appends per second with group commit against the floor of one transaction per entry (the same store with a batch of
/// one, same writers, same database, same run), append latency, and verification speed; each phase in a fresh process
/// so that its peak working set is its own.
/// </summary>
internal static class AuditBenchmark
{
    public const string ChildCommand = "audit-child";
    private const string StorageVariable = "HUB_BENCH_AUDIT_STORAGE";
    private const string ResultPrefix = "AUDIT-RESULT ";

    private sealed record Phase(string Name, long Entries, double Seconds, long PeakBytes, long Commits, double P50Micros, double P99Micros)
    {
        public double PerSecond => Entries / Seconds;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var entries = 100_000;
        var writers = 64;
        int? floorEntries = null;
        var db = "sqlite";
        string? resultsDirectory = null;
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--entries": entries = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--writers": writers = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--floor-entries": floorEntries = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture); break;
                case "--db": db = Value() is "sqlite" or "postgres" ? args[i] : throw new ArgumentException("--db must be sqlite or postgres."); break;
                case "--results": resultsDirectory = Value(); break;
                default: throw new ArgumentException($"Unknown option {args[i]}.");
            }
        }

        if (entries < 1 || writers < 1)
        {
            throw new ArgumentException("--entries and --writers must be at least 1.");
        }

        _ = LoadAverage();
        // The floor commits once per entry; a smaller count keeps it affordable, and rates are per entry.
        var floor = floorEntries ?? Math.Min(entries, 10_000);
        var work = Directory.CreateTempSubdirectory("hub-bench-audit-").FullName;
        string storage;
        string version;
        if (db == "sqlite")
        {
            storage = "sqlite:" + work;
            version = "SQLite " + await IngestBenchmark.ScalarAsync(new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:"), "SELECT sqlite_version()", cancellationToken)
                + " (WAL, synchronous=NORMAL, as the hub opens it)";
        }
        else
        {
            var admin = Environment.GetEnvironmentVariable("HUB_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("HUB_TEST_POSTGRES")
                ?? throw new ArgumentException("--db postgres needs HUB_BENCH_POSTGRES or HUB_TEST_POSTGRES.");
            var name = "hub_bench_audit_" + Guid.NewGuid().ToString("N");
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                // The name is made here from a Guid, never from input.
#pragma warning disable CA2100
                command.CommandText = "CREATE DATABASE " + name;
#pragma warning restore CA2100
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            storage = "postgres:" + new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
            version = "PostgreSQL " + await IngestBenchmark.ScalarAsync(new NpgsqlConnection(admin), "SHOW server_version", cancellationToken)
                + " (the throwaway test cluster: loopback, fsync and synchronous_commit off)";
        }

        try
        {
            Console.Error.WriteLine($"[audit] floor: {floor:N0} entries, one transaction each, {writers} writers");
            var floorPhase = await ChildAsync(storage, ["append", "floor", floor.ToString(CultureInfo.InvariantCulture), writers.ToString(CultureInfo.InvariantCulture), "1"], cancellationToken);
            Console.Error.WriteLine($"[audit] group commit: {entries:N0} entries, {writers} writers");
            var group = await ChildAsync(storage, ["append", "group commit", entries.ToString(CultureInfo.InvariantCulture), writers.ToString(CultureInfo.InvariantCulture), "1000"], cancellationToken);
            Console.Error.WriteLine("[audit] verify");
            var verify = await ChildAsync(storage, ["verify", "verify"], cancellationToken);
            if (verify.Entries != floor + entries)
            {
                throw new InvalidOperationException($"verify saw {verify.Entries} entries, {floor + entries} were appended.");
            }

            var report = Report(args, db, entries, writers, MachineFacts.Describe(version), floorPhase, group, verify);
            var directory = resultsDirectory ?? Path.Combine(IngestBenchmark.RepositoryRoot(), "bench", "results");
            Directory.CreateDirectory(directory);
            var file = Path.Combine(directory, $"audit-{db}-{entries}.md");
            await File.WriteAllTextAsync(file, report, cancellationToken);
            Console.WriteLine(report);
            Console.Error.WriteLine($"[audit] wrote {file}");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>One phase in this process: <c>append NAME COUNT WRITERS MAXBATCH</c> or <c>verify NAME</c>.</summary>
    public static async Task<int> RunChildAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var storage = Environment.GetEnvironmentVariable(StorageVariable) ?? throw new InvalidOperationException($"{StorageVariable} is not set.");
        var options = storage.StartsWith("sqlite:", StringComparison.Ordinal)
            ? new StorageOptions { DataDirectory = storage["sqlite:".Length..] }
            : new StorageOptions { PostgresConnectionString = storage["postgres:".Length..] };
        await using var database = HubDatabase.Open(options);
        await database.Migrator.MigrateAsync(cancellationToken);
        Phase phase;
        if (args[0] == "append")
        {
            var count = int.Parse(args[2], CultureInfo.InvariantCulture);
            var writers = int.Parse(args[3], CultureInfo.InvariantCulture);
            var maxBatch = int.Parse(args[4], CultureInfo.InvariantCulture);
            var latencies = new double[count];
            var next = -1;
            var store = new AuditStore(database, options: new AuditStoreOptions { MaxBatch = maxBatch });
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    var started = Stopwatch.GetTimestamp();
                    await store.AppendAsync(Lookup(i), cancellationToken);
                    latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
            }, cancellationToken)));
            var seconds = clock.Elapsed.TotalSeconds;
            var commits = store.Commits;
            await store.DisposeAsync();
            Array.Sort(latencies);
            phase = new Phase(args[1], count, seconds, Process.GetCurrentProcess().PeakWorkingSet64, commits, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
        }
        else
        {
            using var key = AuditSigningKey.Generate();
            await using var store = new AuditStore(database);
            var result = await store.VerifyAsync([key], cancellationToken);
            if (!result.Ok)
            {
                throw new InvalidOperationException("The benchmark's chain does not verify: " + result.FirstProblem!.Message);
            }

            phase = new Phase(args[1], result.Entries, result.Elapsed.TotalSeconds, Process.GetCurrentProcess().PeakWorkingSet64, 0, 0, 0);
        }

        Console.WriteLine(ResultPrefix + string.Join('\t', phase.Name, phase.Entries, phase.Seconds.ToString("R", CultureInfo.InvariantCulture), phase.PeakBytes, phase.Commits,
            phase.P50Micros.ToString("R", CultureInfo.InvariantCulture), phase.P99Micros.ToString("R", CultureInfo.InvariantCulture)));
        return 0;
    }

    // What an access entry looks like: a lookup by a client, with its NIK, person, fields returned and request id.
    private static AuditEvent Lookup(int i) => new(
        "person.lookup",
        "client-" + (i % 7).ToString(CultureInfo.InvariantCulture),
        "purpose-" + (i % 3).ToString(CultureInfo.InvariantCulture),
        "3201" + (100000000000L + i).ToString(CultureInfo.InvariantCulture),
        Guid.NewGuid(),
        ["name.full", "birth.date", "address.regency.code", "alive", "bpjs.status"],
        "req-" + i.ToString(CultureInfo.InvariantCulture),
        "{\"status\":200}");

    private static async Task<Phase> ChildAsync(string storage, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, UseShellExecute = false };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add(ChildCommand);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The connection string goes by environment, never on a command line other users can read.
        start.Environment[StorageVariable] = storage;
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        Phase? phase = null;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                var f = line[ResultPrefix.Length..].Split('\t');
                phase = new Phase(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture), long.Parse(f[3], CultureInfo.InvariantCulture),
                    long.Parse(f[4], CultureInfo.InvariantCulture), double.Parse(f[5], CultureInfo.InvariantCulture), double.Parse(f[6], CultureInfo.InvariantCulture));
            }
            else
            {
                Console.Error.WriteLine(line);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode == 0 && phase is not null ? phase : throw new InvalidOperationException($"The audit {arguments[1]} phase failed (exit code {process.ExitCode}).");
    }

    private static readonly string s_loadAtStart = ReadLoadAverage();

    private static string LoadAverage() => s_loadAtStart;

    private static string ReadLoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(", ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Report(IReadOnlyList<string> args, string db, int entries, int writers, IReadOnlyList<(string Name, string Value)> machine, Phase floor, Phase group, Phase verify)
    {
        const double MiB = 1024 * 1024;
        var s = new StringBuilder();
        void Line(FormattableString text) => s.AppendLine(text.ToString(CultureInfo.InvariantCulture));
        Line($"# Audit log: group commit and verification, {(db == "sqlite" ? "SQLite" : "PostgreSQL")}, N = {entries:N0}");
        Line($"");
        Line($"Command: `dotnet run -c Release --project bench/Hub.Bench -- audit {string.Join(' ', args)}`");
        Line($"");
        foreach (var (name, value) in machine)
        {
            Line($"- {name}: {value}");
        }

        Line($"- Load average when the run started (1, 5, 15 min): {LoadAverage()} — the machine is shared, so absolute rates move with it; the ratio is measured in the same run");
        Line($"- {writers} concurrent writers, each appending one entry at a time and waiting for it to be durable (as request handlers do)");
        Line($"- Each phase in a fresh process; entries like an access entry (client, purpose, NIK, person id, 5 fields, request id, small JSON detail)");
        Line($"");
        Line($"## Appends");
        Line($"");
        Line($"| phase | entries | seconds | appends/s | commits | entries per commit | latency p50 | latency p99 | peak working set |");
        Line($"| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in new[] { floor, group })
        {
            Line($"| {(p == floor ? "floor: one transaction per entry (batch of 1)" : "group commit (batch up to 1000)")} | {p.Entries:N0} | {p.Seconds:0.00} | {p.PerSecond:N0} | {p.Commits:N0} | {(double)p.Entries / Math.Max(1, p.Commits):0.0} | {p.P50Micros / 1000:0.00} ms | {p.P99Micros / 1000:0.00} ms | {p.PeakBytes / MiB:N0} MiB |");
        }

        Line($"");
        Line($"**Group commit ÷ floor: {group.PerSecond / floor.PerSecond:0.0}×** appends per second (same store, same writers, same database, same run).");
        Line($"");
        Line($"## Verification");
        Line($"");
        Line($"| entries | seconds | entries/s | peak working set |");
        Line($"| ---: | ---: | ---: | ---: |");
        Line($"| {verify.Entries:N0} | {verify.Seconds:0.00} | {verify.PerSecond:N0} | {verify.PeakBytes / MiB:N0} MiB |");
        Line($"");
        Line($"Verification streams the entries in sequence order and recomputes every SHA-256; memory does not grow with the log. At this rate a log of 10 million entries verifies in about {10_000_000 / verify.PerSecond / 60:0.0} minutes.");
        return s.ToString();
    }
}
