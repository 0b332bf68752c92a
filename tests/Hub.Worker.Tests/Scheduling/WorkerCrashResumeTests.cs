using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>
/// <c>hub worker</c> killed with SIGKILL in the middle of a scheduled run, then started again: the abandoned run
/// is detected by its expired heartbeat, the work continues from the last committed cursor, and the master index
/// ends identical (canonical dump) to an uninterrupted <c>hub ingest</c> of the same drop directory.
/// </summary>
public sealed class WorkerCrashResumeTests : IDisposable
{
    private const int Rows = 4_000;
    private readonly string _root = Directory.CreateTempSubdirectory("hub-worker-kill-").FullName;

    private string Setup(string name, string export, string? schedule)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        var drop = Directory.CreateDirectory(Path.Combine(dir, "drop")).FullName;
        File.Copy(export, Path.Combine(drop, "biodata.csv"));
        var scheduleJson = schedule is null ? "" : $"\"Schedule\": \"{schedule}\",";
        File.WriteAllText(Path.Combine(dir, "hub.json"), $$"""
            { "Hub": {
                "Sources": { "dukcapil": { {{scheduleJson}} "BatchSize": 100, "Csv": { "Directory": "{{drop}}" } } },
                "Scheduler": { "LeaseTimeout": "00:00:10", "SweepInterval": "00:00:01" } } }
            """);
        return dir;
    }

    private static async Task<T> QueryAsync<T>(string dir, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "data", "hub.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), CultureInfo.InvariantCulture);
    }

    private static async Task<long> HandledAsync(string dir)
    {
        try
        {
            return await QueryAsync<long>(dir, "SELECT COALESCE(SUM(accepted_count + unchanged_count + quarantined_count), 0) FROM ingest_run");
        }
        catch (SqliteException)
        {
            return 0; // not created or migrated yet
        }
    }

    [Fact]
    public async Task Worker_KilledMidRunAndRestarted_ResumesFromTheCursorAndEndsIdenticalToAnUninterruptedRun()
    {
        var export = Path.Combine(_root, "export.csv");
        var (code, _, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync("generate", "dukcapil", "--count", Rows.ToString(CultureInfo.InvariantCulture), "--seed", "5", "--today", "2026-11-23", "--out", export);
        Assert.True(code == 0, error);
        var killed = Setup("killed", export, "0/1 * * * * ?");
        var clean = Setup("clean", export, null);
        var data = Path.Combine(killed, "data");

        using (var victim = WorkerProcess.Start(Path.Combine(killed, "hub.json"), data))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (await HandledAsync(killed) < 400 && DateTime.UtcNow < deadline && !victim.HasExited)
            {
                await Task.Delay(20);
            }

            Assert.False(victim.HasExited, "the worker exited on its own");
            await victim.KillAsync();
        }

        var partial = await HandledAsync(killed);
        Assert.InRange(partial, 1, Rows - 1);
        var victimRun = await QueryAsync<string>(killed, "SELECT run_id FROM ingest_run WHERE status = 'Running'");

        using (var resumed = WorkerProcess.Start(Path.Combine(killed, "hub.json"), data))
        {
            var deadline = DateTime.UtcNow.AddSeconds(600);
            while ((await HandledAsync(killed) < Rows || File.Exists(Path.Combine(killed, "drop", "biodata.csv"))) && DateTime.UtcNow < deadline && !resumed.HasExited)
            {
                await Task.Delay(100);
            }

            Assert.True(await HandledAsync(killed) == Rows, $"the restarted worker handled {await HandledAsync(killed)} of {Rows} rows in time");
            // Let the run that finished the file record its end before the worker goes.
            await Task.Delay(1_500);
            Assert.True(resumed.Errors.Length == 0, resumed.Errors);
            await resumed.KillAsync();
        }

        RunCleanIngest(clean);

        Assert.Equal(await CanonicalDump.OfSqliteAsync(Path.Combine(clean, "data", "hub.db")), await CanonicalDump.OfSqliteAsync(Path.Combine(data, "hub.db")));
        Assert.Equal(Rows, await HandledAsync(killed));
        Assert.True(File.Exists(Path.Combine(killed, "drop", "processed", "biodata.csv")));
        // The killed run was found abandoned by its stale heartbeat, and a later run on the restarted worker did the rest.
        Assert.Equal("Failed", await QueryAsync<string>(killed, $"SELECT status FROM ingest_run WHERE run_id = '{victimRun}'"));
        Assert.StartsWith("abandoned", await QueryAsync<string>(killed, $"SELECT error FROM ingest_run WHERE run_id = '{victimRun}'"), StringComparison.Ordinal);
        Assert.True(await QueryAsync<long>(killed, $"SELECT COUNT(*) FROM ingest_run WHERE status = 'Succeeded' AND accepted_count + unchanged_count + quarantined_count > 0 AND run_id <> '{victimRun}'") >= 1);
        Assert.Equal(0, await QueryAsync<long>(killed, "SELECT COUNT(*) FROM (SELECT source_key FROM source_record GROUP BY source, source_key HAVING COUNT(*) > 1)"));
    }

    private static void RunCleanIngest(string dir)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(WorkerProcess.HubAssembly());
        start.ArgumentList.Add("ingest");
        start.ArgumentList.Add("--source");
        start.ArgumentList.Add("dukcapil");
        start.Environment["HUB_CONFIG"] = Path.Combine(dir, "hub.json");
        start.Environment["HUB_DATA_DIR"] = Path.Combine(dir, "data");
        start.Environment.Remove("HUB_POSTGRES");
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
