using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>
/// <c>hub ingest</c> run by hand takes the connector's lease, as scheduled runs do: while a run of the connector holds
/// it (here one queued and started through the same store calls the scheduler makes, on the same database), the
/// manual ingest refuses with exit code 2 naming the connector and the holder, and ingests nothing; once the lease is
/// free it runs as a manual run under the lease and gives the lease back.
/// </summary>
public sealed class ManualIngestLeaseTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-ingest-lease-").FullName;

    [Fact]
    public async Task ManualIngest_WhileAScheduledRunHoldsTheLease_Exits2NamingTheHolder_ThenRunsUnderTheLeaseOnceFree()
    {
        var drop = Directory.CreateDirectory(Path.Combine(_directory, "drop")).FullName;
        var data = Path.Combine(_directory, "data");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:Sources:dukcapil:Csv:Directory"] = drop })
            .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = data })
            .Build();
        await using var database = HubDatabase.Open(new StorageOptions { DataDirectory = data });
        await database.Migrator.MigrateAsync(CancellationToken.None);

        // A scheduled run of the connector is running on another node.
        var scheduled = await database.Runs.TryQueueAsync("dukcapil", "node-7", RunTriggers.Schedule, DateTimeOffset.UtcNow, null, TimeSpan.FromMinutes(5), CancellationToken.None);
        var holder = scheduled.Queued!.Value;
        Assert.True(await database.Runs.TryStartAsync(holder, "node-7", "csv", CancellationToken.None));

        var (exit, _, error) = await RunAsync(configuration, "ingest", "--source", "dukcapil");

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.Contains("Connector 'dukcapil' is busy", error, StringComparison.Ordinal);
        Assert.Contains(holder.ToString(), error, StringComparison.Ordinal);
        Assert.Contains("node-7", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Equal([holder], (await database.Runs.ListAsync("dukcapil", null, 10, CancellationToken.None)).Select(r => r.RunId));

        // The scheduled run ends and gives the lease back: the manual ingest now runs, under the lease, and frees it.
        await database.Runs.FinishAsync(holder, RunStatus.Succeeded, null, CancellationToken.None);
        await database.Runs.ReleaseLeaseAsync("dukcapil", holder, CancellationToken.None);

        (exit, _, error) = await RunAsync(configuration, "ingest", "--source", "dukcapil");

        Assert.True(exit == HubCommandLine.Ok, error);
        var manual = Assert.Single(await database.Runs.ListAsync("dukcapil", null, 10, CancellationToken.None), r => r.RunId != holder);
        Assert.Equal((RunTriggers.Manual, RunStatus.Succeeded), (manual.Trigger, manual.Status));
        Assert.StartsWith("cli-", manual.Node, StringComparison.Ordinal);
        Assert.Null((await database.Runs.ListConnectorStatesAsync(CancellationToken.None))["dukcapil"].LeaseRunId);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<(int Exit, string Out, string Error)> RunAsync(IConfiguration configuration, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HubCommandLine.RunAsync(args, output, error, configuration);
        return (exit, output.ToString(), error.ToString());
    }
}
