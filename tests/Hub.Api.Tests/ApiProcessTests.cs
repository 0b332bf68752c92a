using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace IntegrationHub.Api.Tests;

/// <summary>
/// The API as an operator runs it: its own process, the shipped appsettings, an empty data directory, real
/// HTTP on loopback. Logging is turned up to Trace so that framework request logs would carry the NIK if the
/// log formatter did not mask it.
/// </summary>
public sealed partial class ApiProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-process-").FullName;

    [GeneratedRegex(@"ready at (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ReadyLine();

    private static string ApiAssembly()
    {
        // tests/Hub.Api.Tests/bin/<Configuration>/net10.0 -> src/Hub.Api/bin/<Configuration>/net10.0/Hub.Api.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IntegrationHub.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return Path.Combine(root.FullName, "src", "Hub.Api", "bin", configuration, framework, "Hub.Api.dll");
    }

    [Fact]
    public async Task FirstStart_OnAnEmptyDataDirectory_ServesASampleNikWithinAMinuteAndNeverLogsAFullNik()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiAssembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["HUB_DATA_DIR"] = Path.Combine(_directory, "data");
        start.Environment["Logging__LogLevel__Default"] = "Trace";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace";
        start.Environment.Remove("HUB_POSTGRES");

        var log = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (ReadyLine().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(m.Groups[1].Value);
            }
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(finished == ready.Task, "the API did not report ready within 60 s:\n" + log);
            var address = await ready.Task;

            var nik = SampleData.AcceptedRecords()[0].SourceKey;
            var keyFile = Path.Combine(_directory, "data", "admin.key");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }

            using var http = ApiProcess.AdminClient(address, keyFile);
            using var response = await http.GetAsync($"/api/v1/persons/{nik}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"first answer after {clock.Elapsed}");
            Assert.Contains(nik, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // After start, the embedded default reads the BPJS sample over HTTP from its own sample API, and the DJP
            // sample from its SQLite table; a resident known to Dukcapil and BPJS gets the BPJS card number.
            var (bothNik, card) = SampleData.InDukcapilAndBpjs();
            string? seen = null;
            for (var attempt = 0; attempt < 60 && seen != card; attempt++)
            {
                using var lookup = await http.GetAsync($"/api/v1/persons/{bothNik}");
                var json = System.Text.Json.JsonDocument.Parse(await lookup.Content.ReadAsStringAsync()).RootElement;
                seen = json.TryGetProperty("bpjs", out var bpjs) ? bpjs.GetProperty("cardNumber").GetString() : null;
                if (seen != card)
                {
                    await Task.Delay(500);
                }
            }

            Assert.Equal(card, seen);
            await Task.Delay(500); // let the request's log lines flush
            string text;
            lock (log)
            {
                text = log.ToString();
            }

            Assert.Contains($"/api/v1/persons/{nik[..4]}********{nik[^4..]}", text, StringComparison.Ordinal);
            Assert.Contains("the admin API key is in " + keyFile, text, StringComparison.Ordinal);
            Assert.DoesNotContain(File.ReadAllText(keyFile).Trim(), text, StringComparison.Ordinal);
            foreach (var sample in SampleData.AllNikLikeValues())
            {
                Assert.DoesNotContain(sample, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    public void Dispose() => TestDirectory.Delete(_directory);
}
