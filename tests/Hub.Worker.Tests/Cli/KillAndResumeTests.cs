using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Worker.Tests.Cli;

/// <summary>
/// A worker killed with SIGKILL in the middle of a drop-directory ingest, then started again, leaves the same
/// master index as a run that was never interrupted: nothing lost, nothing doubled, counts that add up.
/// </summary>
public sealed class KillAndResumeTests : IDisposable
{
    private const int Rows = 8_000;
    private readonly string _root = Directory.CreateTempSubdirectory("hub-kill-").FullName;

    private static string HubAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IntegrationHub.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return Path.Combine(root.FullName, "src", "Hub.Worker", "bin", output.Parent!.Name, output.Name, "hub.dll");
    }

    private string Setup(string name, string export)
    {
        var drop = Directory.CreateDirectory(Path.Combine(_root, name, "drop")).FullName;
        File.Copy(export, Path.Combine(drop, "biodata.csv"));
        return Configure(name, "dukcapil", $$"""{ "BatchSize": 100, "Csv": { "Directory": "{{drop}}" } }""");
    }

    private string Configure(string name, string source, string sourceJson)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(dir, "hub.json"), $$"""{ "Hub": { "Sources": { "{{source}}": {{sourceJson}} } } }""");
        File.WriteAllText(Path.Combine(dir, "source"), source);
        return dir;
    }

    private static Process Start(string dir)
    {
        var source = File.Exists(Path.Combine(dir, "source")) ? File.ReadAllText(Path.Combine(dir, "source")) : "dukcapil";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HubAssembly());
        start.ArgumentList.Add("ingest");
        start.ArgumentList.Add("--source");
        start.ArgumentList.Add(source);
        start.Environment["HUB_CONFIG"] = Path.Combine(dir, "hub.json");
        start.Environment["HUB_DATA_DIR"] = Path.Combine(dir, "data");
        start.Environment.Remove("HUB_POSTGRES");
        var process = Process.Start(start)!;
        // Drain both pipes: a full pipe would block the child, and the test with it.
        process.OutputDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        return process;
    }

    private static async Task<T> QueryAsync<T>(string dir, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "data", "hub.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> DumpAsync(string dir)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dir, "data", "hub.db")};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COALESCE(p.nik, (SELECT MIN(l.source || ':' || l.source_key) FROM source_link l WHERE l.person_id = p.person_id)) || '|' || f.field || '|' || f.value || '|' || COALESCE(f.line, '')
              FROM person p JOIN person_field f ON f.person_id = p.person_id
            UNION ALL SELECT 'l|' || source || '|' || source_key || '|' || state || '|' || method FROM source_link
            UNION ALL SELECT 'q|' || reason || '|' || COALESCE(line, '') FROM quarantine
            UNION ALL SELECT 'r|' || source || '|' || source_key || '|' || content_hash || '|' || (person_id IS NULL) FROM source_record
            """;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    [Fact]
    public async Task Ingest_KilledMidRunAndRestarted_EndsIdenticalToAnUninterruptedRun()
    {
        var export = Path.Combine(_root, "export.csv");
        var (code, _, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync("generate", "dukcapil", "--count", Rows.ToString(System.Globalization.CultureInfo.InvariantCulture), "--seed", "5", "--today", "2026-11-23", "--out", export);
        Assert.True(code == 0, error);
        var killed = Setup("killed", export);
        var clean = Setup("clean", export);

        await KillResumeAndCompareAsync(killed, clean, Rows);
        Assert.True(File.Exists(Path.Combine(killed, "drop", "processed", "biodata.csv")));
        Assert.False(File.Exists(Path.Combine(killed, "drop", "biodata.csv")));
    }

    [Fact]
    public async Task RestSource_KilledMidRunAndRestarted_EndsIdenticalToAnUninterruptedRun()
    {
        var file = Path.Combine(_root, "peserta.json");
        var (code, _, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync("generate", "bpjs", "--count", "9000", "--seed", "5", "--today", "2026-11-23", "--out", file);
        Assert.True(code == 0, error);
        await using var server = await IntegrationHub.Connectors.Tests.Rest.BpjsSampleServer.StartAsync(file);
        var json = $$"""
            { "Kind": "rest-json", "BatchSize": 100, "Rest": { "BaseAddress": "{{server.BaseAddress}}", "Path": "/peserta", "ItemsPath": "response.list",
              "PageSize": 100, "UpdatedSinceParameter": "updatedSince", "UpdatedField": "lastUpdate", "KeyField": "noKartu", "RetryDelay": "00:00:00.100" } }
            """;
        var killed = Configure("killed", "bpjs", json);
        var clean = Configure("clean", "bpjs", json);

        var read = await QueryRowsAsync(file);
        await KillResumeAndCompareAsync(killed, clean, read);
        // BPJS does not issue NIKs: its records make persons, but never give one a NIK.
        Assert.Equal(0, await QueryAsync<long>(killed, "SELECT COUNT(*) FROM person WHERE nik IS NOT NULL"));
        Assert.True(await QueryAsync<long>(killed, "SELECT COUNT(*) FROM person") > 0);
    }

    [Fact]
    public async Task SqlSource_KilledMidRunAndRestarted_EndsIdenticalToAnUninterruptedRun()
    {
        var file = Path.Combine(_root, "djp.db");
        var (code, output, error) = await HubRunner.OnSqlite(Path.Combine(_root, "scratch")).RunAsync("generate", "djp", "--count", "25000", "--seed", "5", "--today", "2026-11-23", "--out", file);
        Assert.True(code == 0, error);
        var json = $$"""
            { "Kind": "sql-table", "BatchSize": 100, "Sql": { "ProviderName": "Microsoft.Data.Sqlite", "ConnectionString": "Data Source={{file}}",
              "Table": "WAJIB_PAJAK", "KeyColumn": "NPWP", "IncrementalColumn": "LAST_UPDATED" } }
            """;
        var killed = Configure("killed", "djp", json);
        var clean = Configure("clean", "djp", json);

        var rows = long.Parse(output.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        await KillResumeAndCompareAsync(killed, clean, rows);
    }

    private static async Task<long> QueryRowsAsync(string jsonFile) =>
        System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(jsonFile))!.AsArray().Count;

    private static async Task KillResumeAndCompareAsync(string killed, string clean, long rows)
    {
        using (var victim = Start(killed))
        {
            var handled = 0L;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (handled < 1_000 && DateTime.UtcNow < deadline && !victim.HasExited)
            {
                await Task.Delay(20);
                try
                {
                    handled = await QueryAsync<long>(killed, "SELECT COALESCE(SUM(accepted_count + unchanged_count + quarantined_count), 0) FROM ingest_run");
                }
                catch (SqliteException)
                {
                    // The database is not created or migrated yet.
                }
            }

            Assert.False(victim.HasExited, "the run finished before it could be killed");
            victim.Kill(); // SIGKILL: no clean-up code runs
            await victim.WaitForExitAsync();
        }

        var partial = await QueryAsync<long>(killed, "SELECT SUM(accepted_count + unchanged_count + quarantined_count) FROM ingest_run");
        Assert.InRange(partial, 1, rows - 1);
        Assert.Equal("Running", await QueryAsync<string>(killed, "SELECT status FROM ingest_run"));

        using (var resumed = Start(killed))
        {
            await resumed.WaitForExitAsync();
            Assert.True(resumed.ExitCode == 0, await resumed.StandardError.ReadToEndAsync());
        }

        using (var uninterrupted = Start(clean))
        {
            await uninterrupted.WaitForExitAsync();
            Assert.Equal(0, uninterrupted.ExitCode);
        }

        Assert.Equal(await DumpAsync(clean), await DumpAsync(killed));
        const string Sums = "SELECT SUM(accepted_count) || '/' || SUM(unchanged_count) || '/' || SUM(quarantined_count) FROM ingest_run";
        Assert.Equal(await QueryAsync<string>(clean, Sums), await QueryAsync<string>(killed, Sums));
        Assert.Equal(await QueryAsync<long>(clean, "SELECT COUNT(*) FROM source_record"), await QueryAsync<long>(killed, "SELECT COUNT(*) FROM source_record"));
        Assert.Equal(0, await QueryAsync<long>(killed, "SELECT COUNT(*) FROM (SELECT source_key FROM source_record GROUP BY source, source_key HAVING COUNT(*) > 1)"));
        Assert.Equal(rows, await QueryAsync<long>(killed, "SELECT SUM(accepted_count + unchanged_count + quarantined_count) FROM ingest_run"));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }
}
