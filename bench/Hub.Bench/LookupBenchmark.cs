using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Bench;

/// <summary>
/// Lookups per second through the real API with authentication, the purpose's policy, projection and the audit
/// append all on: the API runs as its own process (embedded SQLite, samples ingested at first start) and a C# load
/// client on loopback keeps a fixed number of requests in flight. The floor is the same app's anonymous no-op
/// (<c>GET /health/live</c>) measured in the same run with the same client; the report gives the ratio, p50/p99
/// latency and the API's peak resident memory.
/// </summary>
internal static partial class LookupBenchmark
{
    private const string Purpose = "admin-ops";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? api = null, results = null;
        var seconds = 20;
        var concurrency = 16;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--api": api = args[++i]; break;
                case "--results": results = args[++i]; break;
                case "--seconds": seconds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--concurrency": concurrency = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument {args[i]}; usage: Hub.Bench lookup --api Hub.Api.dll [--seconds S] [--concurrency C] [--results DIR]");
            }
        }

        if (api is null || !File.Exists(api))
        {
            throw new ArgumentException("--api must name the built Hub.Api.dll");
        }

        var work = Directory.CreateTempSubdirectory("hub-bench-lookup-").FullName;
        try
        {
            using var server = await ApiServer.StartAsync(api, work, cancellationToken);
            var key = File.ReadAllText(Path.Combine(work, "data", "admin.key")).Trim();
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = new Uri(server.Address),
            };

            var niks = await KnownNiksAsync(http, key, Path.Combine(Path.GetDirectoryName(api)!, "samples", "dukcapil"), cancellationToken);
            Console.Error.WriteLine($"[bench] API at {server.Address}; {niks.Count} sample NIKs answer 200; {concurrency} in flight, {seconds} s per phase");

            HttpRequestMessage Floor(int _) => new(HttpMethod.Get, "/health/live");
            HttpRequestMessage Lookup(int i)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/persons/" + niks[i % niks.Count]);
                request.Headers.Add("X-Api-Key", key);
                request.Headers.Add("X-Purpose", Purpose);
                return request;
            }

            // Warm both paths (JIT, connection pool, SQLite page cache), then measure each.
            await LoadAsync(http, Floor, concurrency, TimeSpan.FromSeconds(Math.Min(3, seconds)), cancellationToken);
            await LoadAsync(http, Lookup, concurrency, TimeSpan.FromSeconds(Math.Min(3, seconds)), cancellationToken);
            var floor = await LoadAsync(http, Floor, concurrency, TimeSpan.FromSeconds(seconds), cancellationToken);
            var lookups = await LoadAsync(http, Lookup, concurrency, TimeSpan.FromSeconds(seconds), cancellationToken);
            var peakRss = server.PeakResidentBytes();

            var report = Report(floor, lookups, peakRss, niks.Count, concurrency, seconds);
            Console.Write(report);
            if (results is not null)
            {
                Directory.CreateDirectory(results);
                var file = Path.Combine(results, "lookup-sqlite.md");
                await File.WriteAllTextAsync(file, report, cancellationToken);
                Console.Error.WriteLine($"[bench] wrote {file}");
            }

            return floor.Errors + lookups.Errors == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<List<string>> KnownNiksAsync(HttpClient http, string key, string samples, CancellationToken cancellationToken)
    {
        var niks = new List<string>();
        foreach (var line in File.ReadLines(Path.Combine(samples, "biodata-sample.csv")).Skip(1).Take(120))
        {
            var nik = line.Split(';', 2)[0];
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/persons/" + nik);
            request.Headers.Add("X-Api-Key", key);
            request.Headers.Add("X-Purpose", Purpose);
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                niks.Add(nik);
            }
        }

        if (niks.Count == 0)
        {
            throw new InvalidOperationException("no sample NIK answered 200");
        }

        return niks;
    }

    private static async Task<Phase> LoadAsync(HttpClient http, Func<int, HttpRequestMessage> make, int concurrency, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<long>[concurrency];
        var errors = 0;
        var clock = Stopwatch.StartNew();
        var end = duration.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async w =>
        {
            var mine = latencies[w] = new List<long>(65536);
            while (clock.ElapsedTicks < end)
            {
                using var request = make(Interlocked.Increment(ref next));
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                mine.Add(Stopwatch.GetTimestamp() - started);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        double Percentile(double p) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new Phase(all.Length, elapsed, Percentile(0.50), Percentile(0.99), errors);
    }

    private static string Report(Phase floor, Phase lookups, long peakRss, int niks, int concurrency, int seconds)
    {
        var ratio = lookups.PerSecond / floor.PerSecond;
        var text = new StringBuilder();
        text.AppendLine("# Lookup benchmark: GET /api/v1/persons/{nik} with authentication, policy and audit");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Made by `bench/lookup.sh` ({seconds} s per phase, {concurrency} requests in flight, {niks} sample NIKs in turn), {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| phase | requests | requests/s | p50 ms | p99 ms | errors |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| floor: anonymous no-op `GET /health/live` | {floor.Requests:N0} | {floor.PerSecond:N0} | {floor.P50:0.00} | {floor.P99:0.00} | {floor.Errors} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| lookup: key + purpose + policy + projection + audit | {lookups.Requests:N0} | {lookups.PerSecond:N0} | {lookups.P50:0.00} | {lookups.P99:0.00} | {lookups.Errors} |");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"**Ratio: lookups run at {ratio:P1} of the floor's rate** ({lookups.PerSecond:N0} vs {floor.PerSecond:N0} requests/s).");
        text.AppendLine(CultureInfo.InvariantCulture, $"Peak resident memory of the API process (VmHWM): {peakRss / (1024.0 * 1024):N0} MiB.");
        text.AppendLine();
        text.AppendLine("Each lookup reads the key (by its public id) and the policy from the database, reads the golden record, projects it,");
        text.AppendLine("appends an entry to the hash-chained audit log and awaits its commit (group commit) before answering.");
        text.AppendLine("The floor is anonymous (no key is checked, no database).");
        text.AppendLine("The load client and the API share the machine's cores, on loopback.");
        text.AppendLine();
        text.AppendLine("| machine | |");
        text.AppendLine("| --- | --- |");
        foreach (var (name, value) in MachineFacts.Describe("SQLite (embedded default, WAL)"))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        return text.ToString();
    }

    private sealed record Phase(int Requests, TimeSpan Elapsed, double P50, double P99, int Errors)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    [GeneratedRegex(@"ready at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();

    /// <summary>The API as its own process on a fresh data directory, on a loopback port, rate limit off.</summary>
    private sealed class ApiServer : IDisposable
    {
        private readonly Process _process;

        private ApiServer(Process process, string address)
        {
            _process = process;
            Address = address;
        }

        public string Address { get; }

        public static async Task<ApiServer> StartAsync(string api, string work, CancellationToken cancellationToken)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(api);
            start.ArgumentList.Add("--urls");
            start.ArgumentList.Add("http://127.0.0.1:0");
            start.Environment["HUB_DATA_DIR"] = Path.Combine(work, "data");
            start.Environment["Hub__Access__RateLimitPermits"] = "0";
            start.Environment["Hub__Samples__ServeAgencies"] = "false";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
            start.Environment["Logging__LogLevel__IntegrationHub.Api.Startup.HubStartup"] = "Information";
            start.Environment.Remove("HUB_POSTGRES");
            var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var process = Process.Start(start)!;
            void OnLine(object? sender, DataReceivedEventArgs e)
            {
                if (e.Data is not null && ReadyLine().Match(e.Data) is { Success: true } m)
                {
                    ready.TrySetResult(m.Groups[1].Value);
                }
            }

            process.OutputDataReceived += OnLine;
            process.ErrorDataReceived += OnLine;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(120), cancellationToken));
            if (finished != ready.Task)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException("the API did not report ready within 120 s");
            }

            return new ApiServer(process, await ready.Task);
        }

        public long PeakResidentBytes()
        {
            var status = $"/proc/{_process.Id}/status";
            var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) : null;
            return line is null ? _process.PeakWorkingSet64 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }
    }
}
