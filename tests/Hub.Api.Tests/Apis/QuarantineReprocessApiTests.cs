using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary>
/// Re-processing quarantined rows over real HTTP on the real host (SQLite): rows refused for a religion code the
/// mapping does not know are re-processed through <c>POST /api/v1/quarantine/{id}/reprocess</c> before the fix (422 with
/// the reasons, the row stays open) and after the mapping file on disk is fixed (200 with the run; the person's
/// lineage points at that run); again (409); bad ids (400) and unknown ones (404) as ProblemDetails; the bulk form with
/// its filters and cap; the metric by outcome.
/// </summary>
public sealed class QuarantineReprocessApiTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hub-reprocess-api-").FullName;
    private readonly string _mapping;

    public QuarantineReprocessApiTests()
    {
        _mapping = Path.Combine(_root, "mappings", "dukcapil.json");
        Directory.CreateDirectory(Path.GetDirectoryName(_mapping)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"), _mapping);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_root);
    }

    private WebApplicationFactory<Program> Host() =>
        new HubApiFactory(Path.Combine(_root, "data"), null).WithWebHostBuilder(b =>
        {
            b.UseSetting("Hub:Samples:IngestAtFirstStart", "false");
            b.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Sources:dukcapil:Mapping"] = _mapping,
            }));
        });

    // Sample rows with an unknown religion, ingested through the host's own ingest service; their NIKs and quarantine ids.
    private async Task<List<(string Nik, long Id)>> QuarantineRowsAsync(WebApplicationFactory<Program> host, int count)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv"));
        var rows = lines.Skip(1).Take(count).Select(l =>
        {
            var fields = l.Split(';');
            fields[7] = "PENGHAYAT"; // AGAMA
            return string.Join(';', fields);
        }).ToList();
        var file = Path.Combine(_root, $"biodata-{Guid.NewGuid():N}.csv");
        await File.WriteAllLinesAsync(file, [lines[0], .. rows]);
        var ingest = host.Services.GetRequiredService<IngestService>();
        var summary = await ingest.IngestFilesAsync("dukcapil", new SourceOptions { Mapping = _mapping }, [file], null, CancellationToken.None);
        Assert.Equal(count, summary.Counts.Quarantined);
        var listed = await host.Services.GetRequiredService<HubDatabase>().Quarantine.ListAsync("dukcapil", "code.Unknown", summary.RunId, "open", 100, CancellationToken.None);
        return listed.OrderBy(q => q.Line).Select(q => (q.RawRecord!.Split(';')[0], q.Id)).ToList();
    }

    private void FixMapping()
    {
        var mapping = JsonNode.Parse(File.ReadAllText(_mapping))!.AsObject();
        mapping["version"] = 2;
        var religion = mapping["rules"]!.AsArray().Single(r => (string?)r!["target"] == "religion")!;
        religion["transforms"]!.AsArray().Single(t => (string?)t!["op"] == "code")!["table"]!["PENGHAYAT"] = "kepercayaan";
        File.WriteAllText(_mapping, mapping.ToJsonString());
    }

    [Fact]
    public async Task Reprocess_BeforeTheFixIs422WithReasons_AfterItResolvesIntoARun_ThenIs409()
    {
        await using var host = Host();
        using var client = host.CreateClient();
        var (nik, id) = (await QuarantineRowsAsync(host, 1))[0];

        using (var failing = await client.PostAsync($"/api/v1/quarantine/{id}/reprocess", null))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, failing.StatusCode);
            Assert.Equal("application/problem+json", failing.Content.Headers.ContentType?.MediaType);
            var problem = await failing.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("still-failing", problem.GetProperty("outcome").GetString());
            var reason = Assert.Single(problem.GetProperty("reasons").EnumerateArray().ToList());
            Assert.Equal(("code.Unknown", "AGAMA"), (reason.GetProperty("reason").GetString(), reason.GetProperty("field").GetString()));
        }

        var open = await client.GetFromJsonAsync<JsonElement>($"/api/v1/quarantine/{id}");
        Assert.Equal(("open", 1), (open.GetProperty("status").GetString(), open.GetProperty("attempts").GetInt32()));
        Assert.True(open.GetProperty("reprocessable").GetBoolean());
        Assert.Equal("code.Unknown", open.GetProperty("lastAttemptReasons")[0].GetProperty("reason").GetString());

        // The engineer fixes the mapping file; the running hub uses it at once.
        FixMapping();
        using var resolved = await client.PostAsync($"/api/v1/quarantine/{id}/reprocess", null);
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        var result = await resolved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("resolved", result.GetProperty("status").GetString());
        var runId = result.GetProperty("runId").GetString()!;
        Assert.Equal($"/api/v1/runs/{runId}", result.GetProperty("run").GetString());

        var run = await client.GetFromJsonAsync<JsonElement>($"/api/v1/runs/{runId}");
        Assert.Equal(("succeeded", "reprocess", 1L), (run.GetProperty("status").GetString(), run.GetProperty("trigger").GetString(), run.GetProperty("counts").GetProperty("accepted").GetInt64()));
        var person = await client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{nik}");
        Assert.Equal("kepercayaan", person.GetProperty("religion").GetString());
        var lineage = person.GetProperty("provenance").GetProperty("religion");
        Assert.Equal(runId, lineage.GetProperty("runId").GetString());
        Assert.Equal("dukcapil v2: AGAMA -> religion", lineage.GetProperty("rule").GetString());

        var row = await client.GetFromJsonAsync<JsonElement>($"/api/v1/quarantine/{id}");
        Assert.Equal(("resolved", runId, "admin"), (row.GetProperty("status").GetString(), row.GetProperty("resolvedRunId").GetString(), row.GetProperty("resolvedBy").GetString()));
        Assert.Contains((await client.GetFromJsonAsync<JsonElement>("/api/v1/quarantine?status=resolved")).EnumerateArray(), q => q.GetProperty("id").GetInt64() == id);
        Assert.DoesNotContain((await client.GetFromJsonAsync<JsonElement>("/api/v1/quarantine")).EnumerateArray(), q => q.GetProperty("id").GetInt64() == id);
        Assert.Contains((await client.GetFromJsonAsync<JsonElement>("/api/v1/quarantine?status=all")).EnumerateArray(), q => q.GetProperty("id").GetInt64() == id);

        using var again = await client.PostAsync($"/api/v1/quarantine/{id}/reprocess", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var conflict = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(runId, conflict.GetProperty("runId").GetString());

        var metrics = await client.GetStringAsync("/metrics");
        Assert.Contains("hub_quarantine_reprocessed_total{outcome=\"resolved\",source=\"dukcapil\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("hub_quarantine_reprocessed_total{outcome=\"still-failing\",source=\"dukcapil\"} 1\n", metrics, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/api/v1/quarantine/999999/reprocess", HttpStatusCode.NotFound)]
    [InlineData("GET", "/api/v1/quarantine/999999", HttpStatusCode.NotFound)]
    [InlineData("POST", "/api/v1/quarantine/abc/reprocess", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/api/v1/quarantine/-1/reprocess", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/api/v1/quarantine?status=bogus", HttpStatusCode.BadRequest)]
    public async Task BadOrUnknownIds_AreProblemDetails(string method, string path, HttpStatusCode expected)
    {
        await using var host = Host();
        using var client = host.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BulkReprocess_TakesTheOpenRowsOfOneSource_UpToTheLimit_AndRefusesMissingFiltersAndBigLimits()
    {
        await using var host = Host();
        using var client = host.CreateClient();
        var rows = await QuarantineRowsAsync(host, 3);
        FixMapping();

        using (var noSource = await client.PostAsJsonAsync("/api/v1/quarantine/reprocess", new { reason = "code.Unknown" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        }

        using (var tooMany = await client.PostAsJsonAsync("/api/v1/quarantine/reprocess", new { source = "dukcapil", limit = IngestService.MaxBulkReprocess + 1 }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        }

        using var first = await client.PostAsJsonAsync("/api/v1/quarantine/reprocess", new { source = "dukcapil", reason = "code.Unknown", limit = 2 });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var done = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2, 0), (done.GetProperty("processed").GetInt32(), done.GetProperty("resolved").GetInt32(), done.GetProperty("stillFailing").GetInt32()));
        // Oldest first: the first two rows of the file.
        Assert.Equal(rows.Take(2).Select(r => r.Id), done.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()));

        var rest = await (await client.PostAsJsonAsync("/api/v1/quarantine/reprocess", new { source = "dukcapil" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(rows[2].Id, Assert.Single(rest.GetProperty("items").EnumerateArray().ToList()).GetProperty("id").GetInt64());
        Assert.Empty(await client.GetFromJsonAsync<JsonElement[]>("/api/v1/quarantine?source=dukcapil") ?? []);
        foreach (var (nik, _) in rows)
        {
            Assert.Equal("kepercayaan", (await client.GetFromJsonAsync<JsonElement>($"/api/v1/persons/{nik}")).GetProperty("religion").GetString());
        }
    }
}
