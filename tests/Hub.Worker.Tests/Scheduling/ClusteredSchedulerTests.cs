using Npgsql;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>
/// Two <c>hub worker</c> processes on one PostgreSQL database form a Quartz cluster: each fire time of a
/// connector's schedule is run by one of them, never by both (every fire is in the runs table once, run or
/// skipped), while both nodes are members of the cluster.
/// </summary>
public sealed class ClusteredSchedulerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-cluster-").FullName;

    [Fact]
    public async Task TwoWorkerProcesses_FireEachScheduledTimeOnce()
    {
        var postgres = await Storage.Tests.PostgresServer.CreateDatabaseAsync();
        var drop = Directory.CreateDirectory(Path.Combine(_root, "drop")).FullName;
        var config = Path.Combine(_root, "hub.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Hub": {
                "Sources": { "dukcapil": { "Schedule": "0/1 * * * * ?", "Csv": { "Directory": "{{drop}}" } } },
                "Scheduler": { "ClusterCheckinInterval": "00:00:01", "LeaseTimeout": "00:00:05" } } }
            """);
        // One schema migration before the nodes start, as a deployment does.
        var (code, _, error) = await (await HubRunnerOn(postgres)).RunAsync("migrate");
        Assert.True(code == 0, error);

        using var first = WorkerProcess.Start(config, null, postgres);
        await WaitForAsync(postgres, "SELECT COUNT(*) FROM ingest_run", 1);
        using var second = WorkerProcess.Start(config, null, postgres);
        await WaitForAsync(postgres, "SELECT COUNT(*) FROM qrtz_scheduler_state", 2);
        var since = DateTimeOffset.UtcNow;
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.False(first.HasExited || second.HasExited, "a worker exited: " + first.Errors + second.Errors);
        await first.KillAsync();
        await second.KillAsync();

        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT scheduled_for, COUNT(*) FROM ingest_run
             WHERE trigger_kind = 'schedule' AND scheduled_for >= @since
             GROUP BY scheduled_for ORDER BY scheduled_for
            """;
        command.Parameters.AddWithValue("since", since.UtcDateTime);
        var fires = new List<(DateTime At, long Count)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                fires.Add((reader.GetDateTime(0), reader.GetInt64(1)));
            }
        }

        Assert.True(fires.Count >= 5, $"only {fires.Count} fire times in 8 s");
        Assert.All(fires, f => Assert.True(f.Count == 1, $"fire time {f.At:O} ran {f.Count} times"));
        Assert.True(first.Errors.Length == 0, first.Errors);
        Assert.True(second.Errors.Length == 0, second.Errors);
    }

    private static Task<HubRunner> HubRunnerOn(string postgres) => Task.FromResult(HubRunner.OnPostgres(postgres));

    private static async Task WaitForAsync(string postgres, string sql, long atLeast)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                await using var connection = new NpgsqlConnection(postgres);
                await connection.OpenAsync();
                await using var command = connection.CreateCommand();
                command.CommandText = sql;
                if (Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) >= atLeast)
                {
                    return;
                }
            }
            catch (PostgresException)
            {
                // The table does not exist yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"timed out waiting for {sql} >= {atLeast}");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
