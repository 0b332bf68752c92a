using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Audit;

/// <summary>
/// The auditors' reports and the verify endpoint over the real API, after the real first-start ingest of the bundled
/// samples: lineage, access report and access summary as JSON and CSV, each read itself audited.
/// </summary>
public abstract class ReportsApiTests : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    protected HttpClient Client { get; private set; } = null!;

    protected IServiceProvider Services => _factory!.Services;

    protected abstract Task<HubApiFactory> CreateFactoryAsync();

    protected abstract string DisableAppendOnlySql { get; }

    public async Task InitializeAsync()
    {
        using var key = AuditSigningKey.Generate();
        var pem = key.ExportPrivateKeyPem();
        _factory = (await CreateFactoryAsync()).WithWebHostBuilder(b => b.UseSetting("Hub:Audit:SigningKeyPem", pem));
        Client = _factory.CreateClient();
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
    }

    private Task<long> AppendAsync(AuditEvent entry) => Services.GetRequiredService<IAuditLog>().AppendAsync(entry, CancellationToken.None).AsTask();

    private async Task<JsonElement> GetJsonAsync(string path, string? actor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (actor is not null)
        {
            // The actor recorded is the authenticated client: an auditor with its own key.
            request.Headers.Add("X-Api-Key", await AuditorKeyAsync(actor));
            request.Headers.Add("X-Purpose", "pdp-audit");
        }

        using var response = await Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private readonly Dictionary<string, string> _auditorKeys = [];

    private async Task<string> AuditorKeyAsync(string clientId)
    {
        if (!_auditorKeys.TryGetValue(clientId, out var key))
        {
            var access = Services.GetRequiredService<Storage.HubDatabase>().Access;
            key = (await access.CreateClientAsync(clientId, clientId, [Core.Access.HubRole.Auditor], null, CancellationToken.None)).Key.Key;
            _auditorKeys[clientId] = key;
        }

        return key;
    }

    private async Task<string[]> GetCsvAsync(string path, bool viaAccept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, viaAccept ? path : path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "format=csv");
        if (viaAccept)
        {
            request.Headers.Accept.ParseAdd("text/csv");
        }

        using var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task Lineage_SamplePerson_EveryFieldWithSourceRunLineMappingAndSurvivorship_AndTheLinkDecision()
    {
        var record = SampleData.AcceptedRecords()[3];

        var report = await GetJsonAsync($"/api/v1/reports/lineage?nik={record.SourceKey}");

        Assert.Equal(record.SourceKey, report.GetProperty("nik").GetString());
        var fields = report.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("field").GetString()!);
        Assert.Equal(record.Canonical.Values.Count, fields.Count);
        var name = fields["name.full"];
        Assert.Equal(record.Canonical[CanonicalFields.FullName], name.GetProperty("value").GetString());
        Assert.Equal("dukcapil", name.GetProperty("source").GetString());
        Assert.Equal(record.SourceKey, name.GetProperty("sourceKey").GetString());
        Assert.Equal(record.Line, name.GetProperty("line").GetInt64());
        Assert.Equal(record.Location, name.GetProperty("location").GetString());
        Assert.Equal("dukcapil v1: NAMA_LGKP -> name.full", name.GetProperty("mappingRule").GetString());
        Assert.True(Guid.TryParse(name.GetProperty("runId").GetString(), out _));
        Assert.Contains("dukcapil 100", name.GetProperty("survivorship").GetString(), StringComparison.Ordinal);
        var link = Assert.Single(report.GetProperty("links").EnumerateArray());
        Assert.Equal(record.SourceKey, link.GetProperty("sourceKey").GetString());
        var decision = Assert.Single(report.GetProperty("decisions").EnumerateArray());
        Assert.Equal(link.GetProperty("decisionId").GetInt64(), decision.GetProperty("decisionId").GetInt64());
        Assert.False(string.IsNullOrEmpty(decision.GetProperty("method").GetString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lineage_Csv_HasAHeaderAndOneRowPerField(bool viaAccept)
    {
        var record = SampleData.AcceptedRecords()[4];

        var lines = await GetCsvAsync($"/api/v1/reports/lineage?nik={record.SourceKey}", viaAccept);

        Assert.StartsWith("section,field,value,source,source_key,run_id,location,line,received_at,mapping_rule,survivorship,decision_id", lines[0], StringComparison.Ordinal);
        Assert.Equal(record.Canonical.Values.Count, lines.Count(l => l.StartsWith("field,", StringComparison.Ordinal)));
        var nameRow = Assert.Single(lines, l => l.StartsWith("field,name.full,", StringComparison.Ordinal));
        Assert.StartsWith($"field,name.full,{record.Canonical[CanonicalFields.FullName]},dukcapil,{record.SourceKey},", nameRow, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("decision,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessReport_ListsWhoAccessedThePersonWhenAndWhy_IncludingReportReads_AndNothingAboutOthers()
    {
        var records = SampleData.AcceptedRecords();
        var (nik, other) = (records[5].SourceKey, records[6].SourceKey);
        await AppendAsync(new AuditEvent("person.lookup", "bpjs-kesehatan", "jkn-eligibility", nik, Fields: ["name.full", "birth.date"], RequestId: "r-1"));
        await AppendAsync(new AuditEvent("person.lookup", "djp", "tax-registration", other, Fields: ["npwp"], RequestId: "r-2"));
        await AppendAsync(new AuditEvent("feed.read", "bpjs-kesehatan", "jkn-eligibility", nik, Fields: ["alive"], RequestId: "r-3"));
        await GetJsonAsync($"/api/v1/reports/lineage?nik={nik}&purpose=pdp-audit", actor: "inspektorat-1");

        var report = await GetJsonAsync($"/api/v1/reports/access?nik={nik}", actor: "inspektorat-1");

        var entries = report.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["person.lookup", "feed.read", "report.lineage"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(["bpjs-kesehatan", "bpjs-kesehatan", "inspektorat-1"], entries.Select(e => e.GetProperty("actor").GetString()));
        Assert.Equal(["jkn-eligibility", "jkn-eligibility", "pdp-audit"], entries.Select(e => e.GetProperty("purpose").GetString()));
        Assert.Equal(["name.full", "birth.date"], entries[0].GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        Assert.All(entries, e => Assert.True(DateTimeOffset.TryParse(e.GetProperty("at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _)));

        // Reading the access report was itself recorded, and shows in the next one (here as CSV).
        var csv = await GetCsvAsync($"/api/v1/reports/access?nik={nik}", viaAccept: false);
        Assert.Equal("seq,at,actor,action,purpose,fields,request_id", csv[0]);
        Assert.Equal(5, csv.Length);
        Assert.Contains(",bpjs-kesehatan,person.lookup,jkn-eligibility,name.full birth.date,r-1", csv[1], StringComparison.Ordinal);
        Assert.Contains(",inspektorat-1,report.access,", csv[4], StringComparison.Ordinal);
        Assert.DoesNotContain(csv, l => l.Contains("djp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccessSummary_PerClient_CountsByActionAndPurposeWithDistinctPersons()
    {
        var records = SampleData.AcceptedRecords();
        foreach (var nik in new[] { records[7].SourceKey, records[7].SourceKey, records[8].SourceKey })
        {
            await AppendAsync(new AuditEvent("person.lookup", "bpjs-kesehatan", "jkn-eligibility", nik));
        }

        await AppendAsync(new AuditEvent("person.search", "bpjs-kesehatan", "jkn-registration", records[9].SourceKey));
        await AppendAsync(new AuditEvent("person.lookup", "djp", "tax-registration", records[9].SourceKey));

        var summary = await GetJsonAsync("/api/v1/reports/access-summary?client=bpjs-kesehatan");
        var all = await GetJsonAsync("/api/v1/reports/access-summary");
        var csv = await GetCsvAsync("/api/v1/reports/access-summary?client=bpjs-kesehatan", viaAccept: true);

        var client = Assert.Single(summary.GetProperty("clients").EnumerateArray());
        Assert.Equal("bpjs-kesehatan", client.GetProperty("client").GetString());
        Assert.Equal(4, client.GetProperty("total").GetInt64());
        Assert.Equal(3, client.GetProperty("distinctSubjects").GetInt64());
        var lookup = client.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("action").GetString() == "person.lookup");
        Assert.Equal((3, 2), (lookup.GetProperty("count").GetInt64(), lookup.GetProperty("distinctSubjects").GetInt64()));
        Assert.Contains(all.GetProperty("clients").EnumerateArray(), c => c.GetProperty("client").GetString() == "djp");
        Assert.Contains(all.GetProperty("clients").EnumerateArray(), c => c.GetProperty("client").GetString() == "system");
        Assert.Equal("client,action,purpose,count,distinct_subjects,from,to", csv[0]);
        Assert.StartsWith("bpjs-kesehatan,person.lookup,jkn-eligibility,3,2,", csv[1], StringComparison.Ordinal);
        Assert.StartsWith("bpjs-kesehatan,person.search,jkn-registration,1,1,", csv[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideDecision_IsAuditedWithItsActor_AndShowsInLineageAsAManualOverride()
    {
        var nik = SampleData.AcceptedRecords()[10].SourceKey;
        var personId = (await GetJsonAsync($"/api/v1/reports/lineage?nik={nik}")).GetProperty("personId").GetString();
        using var put = await Client.PutAsJsonAsync($"/api/v1/persons/id/{personId}/overrides/phone", new { value = "081234567890", reason = "citizen called" });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var access = await GetJsonAsync($"/api/v1/reports/access?personId={personId}");
        var lineage = await GetJsonAsync($"/api/v1/reports/lineage?personId={personId}");

        var entry = access.GetProperty("entries").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "identity.override");
        Assert.Equal("admin", entry.GetProperty("actor").GetString()); // the authenticated client, never a name in the body
        Assert.Equal(["phone"], entry.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
        var phone = lineage.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("field").GetString() == "phone");
        Assert.Equal("manual override by admin: citizen called", phone.GetProperty("survivorship").GetString());
    }

    [Fact]
    public async Task Verify_AfterTheSampleIngest_IsOk_AndAfterAnEditNamesTheEntry()
    {
        var ok = await GetJsonAsync("/api/v1/audit/verify");
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.True(ok.GetProperty("entries").GetInt64() >= 2, "the sample ingest writes one entry per committed batch");
        Assert.Equal(JsonValueKind.Null, ok.GetProperty("firstProblem").ValueKind);

        var database = Services.GetRequiredService<HubDatabase>();
        await using (var connection = await database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync(DisableAppendOnlySql);
            await connection.ExecuteAsync("UPDATE audit_entry SET actor = 'nobody' WHERE seq = 2");
        }

        var tampered = await GetJsonAsync("/api/v1/audit/verify");

        Assert.False(tampered.GetProperty("ok").GetBoolean());
        Assert.Equal(2, tampered.GetProperty("firstProblem").GetProperty("seq").GetInt64());
        Assert.Equal("modified", tampered.GetProperty("firstProblem").GetProperty("kind").GetString());
    }
}

public sealed class SqliteReportsApiTests : ReportsApiTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-reports-" + Guid.NewGuid().ToString("N"));

    protected override Task<HubApiFactory> CreateFactoryAsync() => Task.FromResult(new HubApiFactory(_directory, null));

    protected override string DisableAppendOnlySql => "DROP TRIGGER audit_entry_no_update";

    [Theory]
    [InlineData("/api/v1/reports/lineage", 400)]
    [InlineData("/api/v1/reports/lineage?nik=12345", 400)]
    [InlineData("/api/v1/reports/lineage?personId=not-a-guid", 400)]
    [InlineData("/api/v1/reports/lineage?nik=3201010101010999", 404)]
    [InlineData("/api/v1/reports/access?nik=3201010101010999&personId=0b9f2f4e-7a1c-4c7e-9d52-3f6a1c0e8b11", 400)]
    [InlineData("/api/v1/reports/access?nik=3201010101010999&format=xml", 400)]
    [InlineData("/api/v1/reports/access-summary?from=2026-12-01&to=2026-11-01", 400)]
    [InlineData("/api/v1/reports/access-summary?from=yesterday", 400)]
    // Input checking does not depend on the engine: run once, on SQLite.
    public async Task Reports_BadInput_IsAProblemWithTheStatus(string path, int status)
    {
        using var response = await Client.GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("3201010101010999", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            TestDirectory.Delete(_directory);
        }
    }
}

public sealed class PostgresReportsApiTests : ReportsApiTests
{
    protected override async Task<HubApiFactory> CreateFactoryAsync() => new(null, await Storage.Tests.PostgresServer.CreateDatabaseAsync());

    protected override string DisableAppendOnlySql => "ALTER TABLE audit_entry DISABLE TRIGGER USER";
}
