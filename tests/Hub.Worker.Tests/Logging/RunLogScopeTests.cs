using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Tests.Logging;

/// <summary>
/// The JSON logs of real runs, read from the processes' standard error: every line written during a run carries the
/// run id (and the connector) in its scope, for <c>hub ingest</c> and for a run the worker's scheduler started.
/// </summary>
public sealed partial class RunLogScopeTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-run-scope-").FullName;

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv");

    [GeneratedRegex(@" run (?<id>[0-9a-f-]{36}) ")]
    private static partial Regex RunIdOnStdout();

    [Fact]
    public async Task HubIngest_EveryLineOfTheRun_CarriesItsRunIdInTheScope()
    {
        var (exit, stdout, lines) = await RunHubAsync(TimeSpan.FromMinutes(2), null, "ingest", "--source", "dukcapil", Sample);

        Assert.True(exit == 0, stdout + string.Join('\n', lines.Select(l => l.GetRawText())));
        var runId = RunIdOnStdout().Match(stdout).Groups["id"].Value;
        Assert.NotEmpty(runId);
        var run = LinesOfRun(lines, runId);
        Assert.True(run.Count >= 2, "expected the run's start and end lines");
        Assert.All(run, line =>
        {
            Assert.Equal(runId, Scope(line, "RunId"));
            Assert.Equal("dukcapil", Scope(line, "Connector"));
        });
    }

    [Fact]
    public async Task ScheduledRunOnTheWorker_EveryLineOfTheRun_CarriesItsRunIdInTheScope()
    {
        var drop = Directory.CreateDirectory(Path.Combine(_root, "drop")).FullName;
        File.Copy(Sample, Path.Combine(drop, "biodata.csv"));
        var config = Path.Combine(_root, "hub.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Hub": { "Sources": { "dukcapil": { "Schedule": "0/1 * * * * ?", "Csv": { "Directory": "{{drop}}" } } } } }
            """);

        var (_, stdout, lines) = await RunHubAsync(TimeSpan.FromSeconds(90), config, "worker");

        // The first scheduled run read the file; its executor and its ingest both logged under its scope. Other lines
        // are interleaved (other firings skipped while it held the connector, delivery, sealing), so the run's lines
        // are those naming it.
        var ended = lines.First(l => l.GetProperty("eventId").GetInt32() == 1302);
        var runId = ended.GetProperty("state").GetProperty("RunId").GetString()!;
        var run = lines.Where(l => l.TryGetProperty("state", out var s) && s.TryGetProperty("RunId", out var id) && id.GetString() == runId).ToList();
        Assert.Contains(run, l => l.GetProperty("eventId").GetInt32() == 1301);
        Assert.Contains(run, l => l.GetProperty("eventId").GetInt32() == 1002);
        Assert.All(run, line =>
        {
            Assert.Equal(runId, Scope(line, "RunId"));
            Assert.Equal("dukcapil", Scope(line, "Connector"));
        });

        // Lines outside any run carry no run id: the worker starting, and firings skipped while the run held the connector.
        Assert.Contains(lines, l => l.GetProperty("eventId").GetInt32() == 1309 && Scope(l, "RunId") is null);
        Assert.All(lines.Where(l => l.GetProperty("eventId").GetInt32() == 1307), l => Assert.Null(Scope(l, "RunId")));
        Assert.Contains("hub worker: node", stdout, StringComparison.Ordinal);
    }

    // The lines from the one naming the run's start to the one naming its end, inclusive, in the order written (a
    // single run in a command-line process: nothing else logs meanwhile).
    private static List<JsonElement> LinesOfRun(List<JsonElement> lines, string runId)
    {
        var mentioning = lines.Select((l, i) => (l, i)).Where(x => x.l.TryGetProperty("state", out var s) && s.TryGetProperty("RunId", out var id) && id.GetString() == runId).ToList();
        Assert.NotEmpty(mentioning);
        return lines.Skip(mentioning[0].i).Take(mentioning[^1].i - mentioning[0].i + 1).ToList();
    }

    private static string? Scope(JsonElement line, string key) =>
        line.TryGetProperty("scope", out var scope) && scope.TryGetProperty(key, out var value) ? value.GetString() : null;

    // Runs hub with Information logs; a worker is stopped with SIGTERM once a run has ended (or at the timeout).
    private async Task<(int Exit, string Stdout, List<JsonElement> Lines)> RunHubAsync(TimeSpan timeout, string? config, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Scheduling.WorkerProcess.HubAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("HUB_POSTGRES");
        start.Environment.Remove("HUB_CONFIG");
        if (config is not null)
        {
            start.Environment["HUB_CONFIG"] = config;
        }

        start.Environment["HUB_DATA_DIR"] = Path.Combine(_root, "data");
        start.Environment["Logging__LogLevel__Default"] = "Information";
        using var process = Process.Start(start)!;
        var lines = new List<JsonElement>();
        var runEnded = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } data && data[0] == '{')
            {
                var line = JsonDocument.Parse(data).RootElement.Clone();
                lock (lines)
                {
                    lines.Add(line);
                }

                if (line.GetProperty("eventId").GetInt32() == 1302)
                {
                    runEnded.TrySetResult();
                }
            }
        };
        process.BeginErrorReadLine();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (args[0] == "worker")
        {
            await Task.WhenAny(runEnded.Task, Task.Delay(timeout));
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }

        using var limit = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(limit.Token);
        var output = await stdout;
        lock (lines)
        {
            return (process.ExitCode, output, [.. lines]);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
