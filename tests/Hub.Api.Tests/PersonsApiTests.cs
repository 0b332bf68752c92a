using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Api.Tests;

/// <summary>The walking skeleton through HTTP: samples ingested at first start, looked up by NIK.</summary>
public abstract class PersonsApiTests : IAsyncLifetime
{
    private HubApiFactory? _factory;

    protected HttpClient Client { get; private set; } = null!;

    protected abstract Task<HubApiFactory> CreateFactoryAsync();

    public async Task InitializeAsync()
    {
        _factory = await CreateFactoryAsync();
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

    [Fact]
    public async Task GetPerson_EverySampleRecord_IsServedWithItsValuesAndProvenance()
    {
        var records = SampleData.AcceptedRecords();
        Assert.True(records.Count >= 500, $"only {records.Count} accepted sample records");

        foreach (var record in records)
        {
            using var response = await Client.GetAsync($"/api/v1/persons/{record.SourceKey}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = json.RootElement;
            Assert.Equal(record.SourceKey, root.GetProperty("nik").GetString());
            Assert.Equal(record.Canonical[CanonicalFields.FullName], root.GetProperty("name").GetProperty("full").GetString());
            Assert.Equal(record.Canonical[CanonicalFields.BirthDate], root.GetProperty("birthDate").GetString());
            var provenance = root.GetProperty("provenance").GetProperty("name.full");
            Assert.Equal("dukcapil", provenance.GetProperty("source").GetString());
            Assert.Equal(record.Line, provenance.GetProperty("line").GetInt64());
            Assert.Equal(record.Location, provenance.GetProperty("location").GetString());
            Assert.Equal("dukcapil v1: NAMA_LGKP -> name.full", provenance.GetProperty("rule").GetString());
        }
    }

    [Fact]
    public async Task GetPerson_Unknown_Is404ProblemWithoutTheFullNik()
    {
        // A valid NIK (Kab. Bogor, 01-01-1901) that the generator never produces: ages stop at 95.
        using var response = await Client.GetAsync("/api/v1/persons/3201010101010999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("3201********0999", body, StringComparison.Ordinal);
        Assert.DoesNotContain("3201010101010999", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("320101120590001", "nik.WrongLength")]
    [InlineData("32010112059000ab", "nik.NonDigit")]
    [InlineData("9901011205900001", "nik.UnknownProvince")]
    [InlineData("3201011305900000", "nik.ZeroSequence")]
    public async Task GetPerson_Malformed_Is400ProblemWithTheReason(string nik, string reason)
    {
        using var response = await Client.GetAsync($"/api/v1/persons/{nik}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Search_ByNameAndBirthDate_FindsTheResidentFirstWithItsScore()
    {
        var record = SampleData.AcceptedRecords()[3];
        var name = record.Canonical[CanonicalFields.FullName]!;

        var result = await Client.GetFromJsonAsync<JsonElement>(
            $"/api/v1/persons/search?name={Uri.EscapeDataString(name)}&birthDate={record.Canonical[CanonicalFields.BirthDate]}&limit=5");

        var candidates = result.GetProperty("candidates").EnumerateArray().ToList();
        Assert.InRange(candidates.Count, 1, 5);
        Assert.Equal(record.SourceKey, candidates[0].GetProperty("person").GetProperty("nik").GetString());
        Assert.Equal("match", candidates[0].GetProperty("score").GetProperty("outcome").GetString());
        var weights = candidates.Select(c => c.GetProperty("score").GetProperty("weight").GetDouble()).ToList();
        Assert.Equal(weights.OrderDescending(), weights);
    }

    [Fact]
    public async Task Health_AfterStart_IsHealthyAtTheExpectedSchemaVersion()
    {
        using var response = await Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("healthy", health.GetProperty("status").GetString());
        Assert.Equal(health.GetProperty("expectedSchemaVersion").GetInt32(), health.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(SampleData.AcceptedRecords().Count, health.GetProperty("persons").GetInt64());
    }
}

public sealed class SqlitePersonsApiTests : PersonsApiTests, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-api-").FullName;

    protected override Task<HubApiFactory> CreateFactoryAsync() => Task.FromResult(new HubApiFactory(_directory, null));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }
}

public sealed class PostgresPersonsApiTests : PersonsApiTests
{
    protected override async Task<HubApiFactory> CreateFactoryAsync() => new(null, await Storage.Tests.PostgresServer.CreateDatabaseAsync());
}
