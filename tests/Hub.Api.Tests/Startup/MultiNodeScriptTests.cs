using System.Diagnostics;

namespace IntegrationHub.Api.Tests.Startup;

/// <summary>
/// scripts/multi-node.sh, as CI runs it: two API processes and two worker processes on one PostgreSQL database start,
/// the API nodes serve lookups and /metrics, the workers serve /metrics on their loopback listeners, and all four stop
/// cleanly.
/// </summary>
public sealed class MultiNodeScriptTests
{
    [Fact]
    public async Task MultiNodeScript_OnAFreshDatabase_TwoApiAndTwoWorkerNodesStartServeAndStopCleanly()
    {
        var database = await Storage.Tests.PostgresServer.CreateDatabaseAsync();
        var root = ApiProcess.RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(root, "scripts", "multi-node.sh"), "--no-build", "--configuration", configuration, "--sample-rows", "20", "--postgres", database })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, output);
        Assert.Matches(@"node 1 \(http://127\.0\.0\.1:\d+\): /health/ready 200, person \d{4}\*{8}\d{4} 200", output);
        Assert.Matches(@"node 2 \(http://127\.0\.0\.1:\d+\): /health/ready 200, person \d{4}\*{8}\d{4} 200", output);
        Assert.Contains("node 1 /metrics: 200", output, StringComparison.Ordinal);
        Assert.Contains("node 2 /metrics: 200", output, StringComparison.Ordinal);
        Assert.Matches(@"worker 1 metrics \(http://127\.0\.0\.1:\d+/metrics\): 200", output);
        Assert.Matches(@"worker 2 metrics \(http://127\.0\.0\.1:\d+/metrics\): 200", output);
        Assert.Contains("worker 1: started (node worker-1)", output, StringComparison.Ordinal);
        Assert.Contains("worker 2: started (node worker-2)", output, StringComparison.Ordinal);
        Assert.Contains("both workers stopped cleanly", output, StringComparison.Ordinal);
        Assert.Contains("both nodes served and stopped cleanly", output, StringComparison.Ordinal);
    }
}
