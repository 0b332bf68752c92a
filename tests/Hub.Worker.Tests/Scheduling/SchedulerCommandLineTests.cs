using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>The scheduler's settings are checked with every other setting at start-up; <c>hub runs</c> refuses bad input with exit code 2.</summary>
public sealed class SchedulerCommandLineTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-sched-cli-").FullName;

    private IConfiguration Configure(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = Path.Combine(_directory, "data") })
            .Build();

    private static async Task<(int Exit, string Out, string Error)> RunAsync(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HubCommandLine.RunAsync(args, output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Worker_WithABadScheduleAndBadSchedulerSettings_ReportsThemAllAndExits2()
    {
        var configuration = Configure(new()
        {
            ["Hub:Sources:dukcapil:Schedule"] = "every five minutes",
            ["Hub:Scheduler:MisfirePolicy"] = "Sometimes",
        });

        var (exit, _, error) = await RunAsync(configuration, "worker");

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.Contains("hub cannot start: 2 configuration problems", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Sources:dukcapil:Schedule (environment Hub__Sources__dukcapil__Schedule): 'every five minutes' is not a Quartz cron expression", error, StringComparison.Ordinal);
        Assert.Contains("Hub:Scheduler:MisfirePolicy", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "the database must not be opened on an invalid configuration");
    }

    [Fact]
    public async Task Worker_WithAnOutOfRangeLease_NamesTheSetting()
    {
        var (exit, _, error) = await RunAsync(Configure(new() { ["Hub:Scheduler:LeaseTimeout"] = "00:00:01" }), "worker");

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.Contains("Hub:Scheduler:LeaseTimeout (environment Hub__Scheduler__LeaseTimeout): must be between 00:00:02 and 01:00:00", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("runs", "retry", "not-a-run")]
    [InlineData("runs", "retry", "01a20000-0000-7000-8000-000000000000")]
    [InlineData("runs", "list", "--status", "sleeping")]
    [InlineData("runs", "list", "--limit", "0")]
    public async Task Runs_BadInput_Exits2WithAMessage(params string[] args)
    {
        var (exit, _, error) = await RunAsync(Configure([]), args);

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public async Task RunsList_ShowsTheRunsOfHubIngest()
    {
        var drop = Directory.CreateDirectory(Path.Combine(_directory, "drop")).FullName;
        var configuration = Configure(new() { ["Hub:Sources:dukcapil:Csv:Directory"] = drop });
        Assert.Equal(0, (await RunAsync(configuration, "ingest", "--source", "dukcapil")).Exit);

        var (exit, output, _) = await RunAsync(configuration, "runs", "list", "--connector", "dukcapil", "--status", "succeeded");

        Assert.Equal(0, exit);
        Assert.Contains("dukcapil", output, StringComparison.Ordinal);
        Assert.Contains("Succeeded", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
