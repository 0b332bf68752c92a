using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// One real hub for the console's browser tests: the built API as its own process on a loopback port, a fresh SQLite
/// data directory with the bundled samples, plus three crafted Dukcapil double registrations ingested through the
/// real <c>hub ingest</c> command so that the review queue has items (the samples alone produce none). The hub creates
/// its bootstrap admin on first start and writes the key to <c>admin.key</c> in the data directory: the tests read it
/// there, and create other clients (auditor, engineer, subscriber) with the real <c>hub clients create</c> command.
/// Drives Debian's chromium headless through Playwright; never downloads a browser.
/// </summary>
public sealed partial class ConsoleHub : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser; HUB_TEST_CHROMIUM overrides it.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("hub-console-").FullName;
    private readonly StringBuilder _log = new();
    private Process? _api;
    private IPlaywright? _playwright;

    /// <summary>The hub's address, e.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Address { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>An HTTP client on the hub signed in as the bootstrap admin.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The bootstrap admin's key, read from <c>admin.key</c> in the data directory.</summary>
    public string AdminKey { get; private set; } = "";

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>Where the screenshots go: HUB_TEST_SCREENSHOTS, or TestResults/screenshots at the repository root.</summary>
    public string Screenshots { get; } = Environment.GetEnvironmentVariable("HUB_TEST_SCREENSHOTS") is { Length: > 0 } dir
        ? dir
        : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");

    /// <summary>A Dukcapil sample row's NIK whose crafted double registration waits in review, for browsing.</summary>
    public CraftedDuplicate Browsed { get; private set; } = null!;

    /// <summary>A crafted double registration with a newer address: linking it changes the candidate's lineage.</summary>
    public CraftedDuplicate ToLink { get; private set; } = null!;

    /// <summary>A crafted double registration to rule out ("not a match").</summary>
    public CraftedDuplicate ToReject { get; private set; } = null!;

    [GeneratedRegex(@"ready at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();

    public async Task InitializeAsync()
    {
        // Fail, not skip, when the browser is missing: the console is only tested when this runs.
        var chromium = Environment.GetEnvironmentVariable("HUB_TEST_CHROMIUM") is { Length: > 0 } c ? c : DefaultChromium;
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {chromium}. The console's browser tests need Debian's chromium: run ./scripts/test.sh " +
                "(it installs the package when missing) or `apt-get install -y chromium`, or set HUB_TEST_CHROMIUM to the browser's path.");
        }

        Directory.CreateDirectory(Screenshots);
        // Only this run's pictures: an earlier run's could pass for this one's.
        foreach (var old in Directory.EnumerateFiles(Screenshots, "*.png").Where(f => Regex.IsMatch(Path.GetFileName(f), @"^\d\d-[a-z0-9-]+-(id|en)-\d+\.png$")))
        {
            File.Delete(old);
        }

        await StartApiAsync();
        AdminKey = await ReadAdminKeyAsync();
        Http = new HttpClient { BaseAddress = new Uri(Address) };
        Http.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        await WaitForSamplesAsync();
        await IngestCraftedDuplicatesAsync();

        // The whole suite runs its test projects side by side on a small machine: allow for a slow page.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArguments,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_api is { HasExited: false })
        {
            _api.Kill(entireProcessTree: true);
            await _api.WaitForExitAsync();
        }

        _api?.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>The API's log so far, for assertion messages.</summary>
    public string Log()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    /// <summary>
    /// Creates a client with one role through the real <c>hub clients create</c> command, against the hub's data
    /// directory, and returns its key (printed once, on the line after "key (shown once; store it now):").
    /// </summary>
    public async Task<string> CreateClientAsync(string clientId, string role)
    {
        var output = await RunHubAsync(["clients", "create", clientId, "--name", clientId, "--role", role]);
        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var marker = Array.FindIndex(lines, l => l.StartsWith("key (shown once", StringComparison.Ordinal));
        Assert.True(marker >= 0 && marker + 1 < lines.Length, $"hub clients create printed no key:\n{output}");
        return lines[marker + 1];
    }

    /// <summary>Revokes a client's keys through the real <c>hub clients revoke</c> command.</summary>
    public Task RevokeClientAsync(string clientId) => RunHubAsync(["clients", "revoke", clientId]);

    /// <summary>The open review item for a crafted record, read from the real API.</summary>
    public async Task<long> ReviewIdAsync(CraftedDuplicate record)
    {
        var queue = await Http.GetFromJsonAsync<JsonObject>("/api/v1/review?status=all&limit=500");
        var item = queue!["items"]!.AsArray().Select(i => i!.AsObject()).FirstOrDefault(i => (string?)i["sourceKey"] == record.Nik);
        Assert.True(item is not null, $"no review item for the crafted record {record.Nik}: {queue.ToJsonString()}");
        return (long)item["reviewId"]!;
    }

    private async Task StartApiAsync()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltAssembly("Hub.Api", "Hub.Api.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["HUB_DATA_DIR"] = DataDirectory;
        start.Environment.Remove("HUB_POSTGRES");
        start.Environment.Remove("HUB_CONFIG");
        UseOwnMappings(start.Environment);
        foreach (var (name, value) in FeedSettings)
        {
            start.Environment[name] = value;
        }

        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (_log)
            {
                _log.AppendLine(e.Data);
            }

            if (ReadyLine().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(m.Groups[1].Value);
            }
        }

        _api = Process.Start(start)!;
        _api.OutputDataReceived += OnLine;
        _api.ErrorDataReceived += OnLine;
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();
        var finished = await Task.WhenAny(ready.Task, _api.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
        if (finished != ready.Task)
        {
            throw new InvalidOperationException("The API did not report ready within 90 s:\n" + Log());
        }

        Address = await ready.Task;
    }

    // The BPJS sample follows the Dukcapil one a second after ready; the crafted rows go in after both.
    private async Task WaitForSamplesAsync()
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var overview = await Http.GetFromJsonAsync<JsonObject>("/api/v1/overview");
            var sources = overview!["sources"]!.AsArray().Select(s => (string?)s!["source"]).ToList();
            var running = overview["recentRuns"]!.AsArray().Any(r => (string?)r!["status"] == "running");
            if (sources.Contains("bpjs") && sources.Contains("dukcapil") && !running)
            {
                return;
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException("The samples were not ingested within 60 s:\n" + Log());
    }

    private async Task IngestCraftedDuplicatesAsync()
    {
        var sample = Path.Combine(RepositoryRoot(), "samples", "dukcapil", "biodata-sample.csv");
        var lines = await File.ReadAllLinesAsync(sample);
        var niks = lines.Skip(1).Select(l => l.Split(';')[0]).ToHashSet(StringComparer.Ordinal);
        Browsed = CraftedDuplicate.From(lines[1], "0087", niks, newAddress: null);
        ToLink = CraftedDuplicate.From(lines[2], "0088", niks, newAddress: "PERUM BUMI LESTARI BLOK C NO. 7");
        ToReject = CraftedDuplicate.From(lines[3], "0089", niks, newAddress: null);
        var file = Path.Combine(_directory, "double-registrations.csv");
        await File.WriteAllLinesAsync(file, [lines[0], Browsed.Line, ToLink.Line, ToReject.Line]);
        var output = await RunHubAsync(["ingest", "--source", "dukcapil", file]);
        if (!output.Contains("read 3, accepted 3", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"hub ingest of the crafted rows did not accept them:\n{output}");
        }
    }

    // The bootstrap key file appears before the API reports ready; allow a moment all the same.
    private async Task<string> ReadAdminKeyAsync()
    {
        var path = Path.Combine(DataDirectory, "admin.key");
        for (var attempt = 0; attempt < 50 && !File.Exists(path); attempt++)
        {
            await Task.Delay(100);
        }

        return File.Exists(path)
            ? (await File.ReadAllTextAsync(path)).Trim()
            : throw new InvalidOperationException($"The hub wrote no bootstrap key to {path}:\n" + Log());
    }

    /// <summary>Runs the real <c>hub</c> command against the test hub's data directory; returns its output, fails on a non-zero exit.</summary>
    private async Task<string> RunHubAsync(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(BuiltAssembly("Hub.Worker", "hub.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["HUB_DATA_DIR"] = DataDirectory;
        start.Environment.Remove("HUB_POSTGRES");
        start.Environment.Remove("HUB_CONFIG");
        UseOwnMappings(start.Environment);
        using var hub = Process.Start(start)!;
        var output = hub.StandardOutput.ReadToEndAsync();
        var errors = hub.StandardError.ReadToEndAsync();
        await hub.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        if (hub.ExitCode != 0)
        {
            throw new InvalidOperationException($"hub {string.Join(' ', arguments)} failed ({hub.ExitCode}):\n{await output}\n{await errors}");
        }

        return await output;
    }

    private static string BuiltAssembly(string project, string file)
    {
        // tests/Hub.Console.Tests/bin/<Configuration>/net10.0 -> src/<project>/bin/<Configuration>/net10.0/<file>
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(RepositoryRoot(), "src", project, "bin", output.Parent!.Name, output.Name, file);
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is not built.");
    }

    public static string RepositoryRoot()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IntegrationHub.sln")))
        {
            root = root.Parent;
        }

        return root?.FullName ?? throw new InvalidOperationException("The repository root (IntegrationHub.sln) was not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// A Dukcapil row copied from the sample under another NIK (same region, birth date and sex; another sequence number)
/// and another KK: a double registration, which identity resolution raises as a possible duplicate for review.
/// </summary>
public sealed record CraftedDuplicate(string Nik, string OriginalNik, string Line, string? NewAddress)
{
    public static CraftedDuplicate From(string sampleLine, string sequence, IReadOnlySet<string> existing, string? newAddress)
    {
        var fields = sampleLine.Split(';');
        var original = fields[0];
        var nik = original[..12] + sequence;
        if (existing.Contains(nik))
        {
            throw new InvalidOperationException($"The crafted NIK {nik} is already in the sample; pick another sequence number.");
        }

        fields[0] = nik;
        fields[1] = fields[1][..12] + "0099";
        if (newAddress is not null)
        {
            fields[11] = newAddress; // ALAMAT
            fields[21] = "2026-11-01 08:00:00"; // TGL_UPDATE: newer than the sample's, so the new address survives
        }

        return new CraftedDuplicate(nik, original, string.Join(';', fields), newAddress);
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleHubGroup : ICollectionFixture<ConsoleHub>
{
    public const string Name = "console";
}
