using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace IntegrationHub.Api.Tests.Metrics;

/// <summary>The API as started on the embedded default (samples ingested at first start), scraped at <c>/metrics</c>.</summary>
public sealed partial class MetricsEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-metrics-").FullName;
    private HubApiFactory _factory = null!;
    private HttpClient _client = null!;

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{source=""(?<source>[^""]+)""\} (?<value>\d+)$", RegexOptions.Multiline)]
    private static partial Regex SourceSample();

    public Task InitializeAsync()
    {
        _factory = new HubApiFactory(_directory, null);
        _client = _factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Metrics_AfterFirstStartIngest_CountersEqualTheRunsInTheDatabase()
    {
        using var response = await _client.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var scraped = SourceSample().Matches(text).ToDictionary(m => (m.Groups["name"].Value, m.Groups["source"].Value), m => long.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        var runs = RunsInDatabase();
        Assert.NotEmpty(runs);
        foreach (var (source, accepted, unchanged, quarantined, count) in runs)
        {
            Assert.True(accepted > 0, $"no accepted records for {source}");
            Assert.Equal(accepted, scraped[("hub_ingest_records_accepted_total", source)]);
            Assert.Equal(unchanged, scraped[("hub_ingest_records_unchanged_total", source)]);
            Assert.Equal(quarantined, scraped[("hub_ingest_records_quarantined_total", source)]);
            Assert.Equal(accepted + unchanged + quarantined, scraped[("hub_ingest_records_read_total", source)]);
            Assert.Matches($"hub_ingest_run_duration_seconds_count{{source=\"{source}\",status=\"Succeeded\"}} {count}\n", text);
        }

        Assert.Contains("# TYPE hub_match_outcomes_total counter", text, StringComparison.Ordinal);
        foreach (var (source, created, linked, reviewed) in LinksInDatabase())
        {
            Assert.Contains($"hub_match_outcomes_total{{outcome=\"new\",source=\"{source}\"}} {created}\n", text, StringComparison.Ordinal);
            Assert.Contains($"hub_match_outcomes_total{{outcome=\"link\",source=\"{source}\"}} {linked}\n", text, StringComparison.Ordinal);
            Assert.Contains($"hub_match_outcomes_total{{outcome=\"review\",source=\"{source}\"}} {reviewed}\n", text, StringComparison.Ordinal);
        }
    }

    // Each sample record is resolved once at first start, so the links as they stand are the decisions made.
    private List<(string Source, long Created, long Linked, long Reviewed)> LinksInDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "hub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT source, SUM(state = 'linked' AND method = 'new'), SUM(state = 'linked' AND method IN ('nik', 'auto')), SUM(state = 'review')
              FROM source_link GROUP BY source
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, long, long, long)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
        }

        return rows;
    }

    [Fact]
    public async Task Metrics_ForPersonLookups_LabelTheRouteTemplateNeverTheNik()
    {
        var nik = SampleData.AcceptedRecords()[0].SourceKey;
        (await _client.GetAsync($"/api/v1/persons/{nik}")).Dispose();
        (await _client.GetAsync($"/api/v1/persons/{nik}")).Dispose();
        (await _client.GetAsync("/api/v1/persons/3201010101010999")).Dispose();
        (await _client.GetAsync("/no/such/route/3201010101010999")).Dispose();

        var text = await _client.GetStringAsync("/metrics");

        Assert.Contains("hub_http_request_duration_seconds_count{client=\"admin\",endpoint=\"/api/v1/persons/{nik}\",method=\"GET\",status=\"2xx\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("hub_http_request_duration_seconds_count{client=\"admin\",endpoint=\"/api/v1/persons/{nik}\",method=\"GET\",status=\"4xx\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"unmatched\",method=\"GET\",status=\"4xx\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(nik, text, StringComparison.Ordinal);
        Assert.DoesNotContain("3201010101010999", text, StringComparison.Ordinal);
    }

    private List<(string Source, long Accepted, long Unchanged, long Quarantined, long Runs)> RunsInDatabase()
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "hub.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT source, SUM(accepted_count), SUM(unchanged_count), SUM(quarantined_count), COUNT(*)
              FROM ingest_run WHERE status = 'Succeeded' GROUP BY source
            """;
        using var reader = command.ExecuteReader();
        var runs = new List<(string, long, long, long, long)>();
        while (reader.Read())
        {
            runs.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
        }

        return runs;
    }
}
