using System.Diagnostics;

namespace IntegrationHub.Api.Tests.Startup;

/// <summary>The API refuses to start on invalid settings, naming every one at once, without a stack trace.</summary>
public sealed class ConfigurationStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-config-").FullName;

    [Fact]
    public async Task Start_WithThreeInvalidSettings_ReportsAllThreeAndExits2()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ApiProcess.Assembly());
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["HUB_DATA_DIR"] = Path.Combine(_directory, "data");
        start.Environment.Remove("HUB_POSTGRES");
        start.Environment["Hub__Sources__dukcapil__BatchSize"] = "lots";
        start.Environment["Hub__Stats__MinimumCellSize"] = "1";
        start.Environment["Hub__Storage__SqliteFileName"] = "sub/dir.db";

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var error = await stderr;

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("3 configuration problems", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Sources:dukcapil:BatchSize (environment Hub__Sources__dukcapil__BatchSize): 'lots' is not a whole number.", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Stats:MinimumCellSize (environment Hub__Stats__MinimumCellSize): must be between 2 and 1000000; is 1.", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Storage:SqliteFileName", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + await stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "nothing may start on an invalid configuration");
    }

    public void Dispose() => TestDirectory.Delete(_directory);
}
