using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Runs;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary>
/// The connectors and runs API over real HTTP on the real host, with the scheduler running in-process on SQLite:
/// list, run now (202, then the run to follow), 409 while another run holds the connector, pause and resume
/// (persisted across a restart), runs by filter, retry of a failed run, and the quarantine to browse.
/// </summary>
public sealed class RunsApiTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-runs-api-").FullName;

    // The test's settings go in last (deferred to build time), over the samples' own source configuration.
    private WebApplicationFactory<Program> Host(string drop, string? schedule = null) =>
        new HubApiFactory(Path.Combine(_root, "data"), null).WithWebHostBuilder(b =>
        {
            b.UseSetting("Hub:Samples:IngestAtFirstStart", "false");
            var settings = new Dictionary<string, string?>
            {
                ["Hub:Sources:dukcapil:Csv:Directory"] = drop,
                ["Hub:Sources:dukcapil:BatchSize"] = "50",
            };
            if (schedule is not null)
            {
                settings["Hub:Sources:dukcapil:Schedule"] = schedule;
            }

            b.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
        });

    private string Drop(string name, string content)
    {
        var drop = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        File.WriteAllText(Path.Combine(drop, "biodata.csv"), content);
        return drop;
    }

    private static string SampleBiodata()
    {
        var sample = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil"), "*.csv").Order(StringComparer.Ordinal).First();
        return File.ReadAllText(sample);
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient client, string runId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
            var status = run.GetProperty("status").GetString();
            if (status is "succeeded" or "failed" or "cancelled" || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task RunNow_Answers202WithTheRun_WhichIngestsTheDropDirectoryWithCountsAndNode()
    {
        var content = SampleBiodata();
        var rows = content.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        await using var host = Host(Drop("drop", content), schedule: "0 0 3 * * ?");
        using var client = host.CreateClient();

        var connectors = await client.GetFromJsonAsync<JsonElement>("/api/v1/connectors");
        var dukcapil = connectors.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dukcapil");
        Assert.Equal("0 0 3 * * ?", dukcapil.GetProperty("schedule").GetString());
        Assert.Equal("scheduled", dukcapil.GetProperty("status").GetString());
        Assert.False(dukcapil.GetProperty("paused").GetBoolean());
        Assert.True(dukcapil.GetProperty("nextRunAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        using var response = await client.PostAsync("/api/v1/connectors/dukcapil/run", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = queued.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/v1/runs/{runId}", response.Headers.Location?.ToString());

        var run = await WaitForEndAsync(client, runId);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("manual", run.GetProperty("trigger").GetString());
        Assert.Equal(rows, run.GetProperty("counts").GetProperty("read").GetInt64());
        Assert.Equal(rows, run.GetProperty("progress").GetProperty("recordsRead").GetInt64());
        Assert.False(string.IsNullOrEmpty(run.GetProperty("node").GetString()));
        Assert.True(run.GetProperty("durationSeconds").GetDouble() >= 0);

        var listed = await client.GetFromJsonAsync<JsonElement>("/api/v1/runs?connector=dukcapil&status=succeeded&limit=5");
        Assert.Contains(listed.EnumerateArray(), r => r.GetProperty("id").GetString() == runId);
        var after = (await client.GetFromJsonAsync<JsonElement>("/api/v1/connectors")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dukcapil");
        Assert.Equal(runId, after.GetProperty("lastRun").GetProperty("id").GetString());
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("hub_runs_total{connector=\"dukcapil\",status=\"Succeeded\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunNow_WhileAnotherRunHoldsTheConnector_Answers409NamingThatRun()
    {
        await using var host = Host(Drop("drop", SampleBiodata()));
        using var client = host.CreateClient();
        // Another node's run holds the lease.
        var database = host.Services.GetRequiredService<HubDatabase>();
        var other = await database.Runs.TryQueueAsync("dukcapil", "other-node", RunTriggers.Manual, null, null, TimeSpan.FromMinutes(5), CancellationToken.None);
        Assert.True(other.Accepted);

        using var response = await client.PostAsync("/api/v1/connectors/dukcapil/run", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(other.Queued.ToString(), problem.GetProperty("runningRunId").GetString());
        var connector = (await client.GetFromJsonAsync<JsonElement>("/api/v1/connectors")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dukcapil");
        Assert.Equal("running", connector.GetProperty("status").GetString());
        Assert.Equal(other.Queued.ToString(), connector.GetProperty("running").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PauseAndResume_ArePersisted_AcrossARestart()
    {
        var drop = Drop("drop", SampleBiodata());
        await using (var host = Host(drop, schedule: "0 0 3 * * ?"))
        {
            using var client = host.CreateClient();
            using var paused = await client.PostAsync("/api/v1/connectors/dukcapil/pause", null);
            Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        }

        await using (var restarted = Host(drop, schedule: "0 0 3 * * ?"))
        {
            using var client = restarted.CreateClient();
            var connector = (await client.GetFromJsonAsync<JsonElement>("/api/v1/connectors")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dukcapil");
            Assert.True(connector.GetProperty("paused").GetBoolean());
            Assert.Equal("paused", connector.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, connector.GetProperty("nextRunAt").ValueKind);

            using var resumed = await client.PostAsync("/api/v1/connectors/dukcapil/resume", null);
            Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
            connector = (await client.GetFromJsonAsync<JsonElement>("/api/v1/connectors")).EnumerateArray().Single(c => c.GetProperty("name").GetString() == "dukcapil");
            Assert.False(connector.GetProperty("paused").GetBoolean());
        }
    }

    [Fact]
    public async Task FailedRun_CanBeRetried_ASucceededOneCannot()
    {
        // A stored cursor the file source cannot read: the run fails with the reason.
        await using var host = Host(Drop("drop", SampleBiodata()));
        using var client = host.CreateClient();
        var cursor = Path.Combine(_root, "data", "hub.db");
        await ExecuteAsync(cursor, """
            INSERT INTO ingest_run (run_id, source, status, started_at) VALUES ('01a20000-0000-7000-8000-000000000001', 'dukcapil', 'Succeeded', '2026-11-23T00:00:00.0000000Z');
            INSERT INTO source_cursor (source, feed, cursor, run_id, updated_at) VALUES ('dukcapil', 'files', 'not a cursor', '01a20000-0000-7000-8000-000000000001', '2026-11-23T00:00:00.0000000Z');
            """);
        using var response = await client.PostAsync("/api/v1/connectors/dukcapil/run", null);
        var failedId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        var failed = await WaitForEndAsync(client, failedId);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("cursor", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        // The cause is fixed; the retry is a new run that reads the connector and records what it retried.
        await ExecuteAsync(cursor, "DELETE FROM source_cursor");
        using var retry = await client.PostAsync($"/api/v1/runs/{failedId}/retry", null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var retryId = (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        var retried = await WaitForEndAsync(client, retryId);
        Assert.Equal("succeeded", retried.GetProperty("status").GetString());
        Assert.Equal(failedId, retried.GetProperty("retryOf").GetString());
        Assert.Equal("retry", retried.GetProperty("trigger").GetString());

        using var again = await client.PostAsync($"/api/v1/runs/{retryId}/retry", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/v1/connectors/nosuch/run", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/connectors/nosuch/pause", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/runs/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/runs/01a20000-0000-7000-8000-000000000000", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/runs/01a20000-0000-7000-8000-000000000000/retry", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/runs?status=bogus", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/runs?status=1", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/runs?limit=0", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/quarantine?run=zzz", HttpStatusCode.BadRequest)]
    public async Task BadRequests_AreProblemDetails(string method, string path, HttpStatusCode expected)
    {
        await using var host = Host(Drop("drop", SampleBiodata()));
        using var client = host.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Quarantine_IsBrowsableBySourceReasonAndRun_WithTheRawRow()
    {
        var content = SampleBiodata().TrimEnd('\r', '\n') + "\n12345;3316011112130001;TOO SHORT NIK;BLORA;07-10-1976;2;A;ISLAM;KAWIN;PETANI;SURTINAH;DUSUN;5;2;33;16;01;2005;58267;1;;2026-09-09 10:55:27\n";
        await using var host = Host(Drop("drop", content));
        using var client = host.CreateClient();
        using var response = await client.PostAsync("/api/v1/connectors/dukcapil/run", null);
        var runId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        var run = await WaitForEndAsync(client, runId);
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.True(run.GetProperty("counts").GetProperty("quarantined").GetInt64() >= 1);

        var rows = await client.GetFromJsonAsync<JsonElement>($"/api/v1/quarantine?source=dukcapil&run={runId}");

        Assert.Contains(rows.EnumerateArray(), q => q.GetProperty("rawRecord").GetString()!.Contains("TOO SHORT NIK", StringComparison.Ordinal));
        Assert.All(rows.EnumerateArray(), q => Assert.Equal(runId, q.GetProperty("runId").GetString()));
        var reason = rows.EnumerateArray().First().GetProperty("reason").GetString();
        var byReason = await client.GetFromJsonAsync<JsonElement>($"/api/v1/quarantine?reason={reason}");
        Assert.All(byReason.EnumerateArray(), q => Assert.Equal(reason, q.GetProperty("reason").GetString()));
        Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/v1/quarantine?source=nosuch")).EnumerateArray());
    }

    [Fact]
    public async Task Ready_IncludesTheScheduler()
    {
        await using var host = Host(Drop("drop", SampleBiodata()));
        using var client = host.CreateClient();

        var ready = await client.GetFromJsonAsync<JsonElement>("/health/ready");

        var scheduler = ready.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
        Assert.Equal("pass", scheduler.GetProperty("status").GetString());
    }

    private static async Task ExecuteAsync(string file, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_root);
    }
}
