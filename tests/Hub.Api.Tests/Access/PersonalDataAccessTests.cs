using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Canonical;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Access;

/// <summary>
/// Purpose-bound, projected personal-data access through HTTP: a subscriber with a narrow policy never receives a
/// field outside it, by lookup or by search; a missing purpose is a 400, a purpose without a policy a 403 that names
/// the client and purpose and carries no data; verification answers true/false only; every access is audited.
/// </summary>
public sealed class PersonalDataAccessTests(AccessTestHost host) : IClassFixture<AccessTestHost>
{
    private static readonly string[] Narrow = [CanonicalFields.FullName.Path, CanonicalFields.BirthDate.Path];

    private static readonly HashSet<string> Metadata = new(StringComparer.Ordinal) { "personId", "version", "createdAt", "updatedAt", "provenance" };

    // The real hash-chained log, read back from the database: an access is recorded durably before it is answered.
    private async Task<IReadOnlyList<AuditEvent>> AuditedAsync()
    {
        var store = host.Factory.Services.GetRequiredService<IntegrationHub.Storage.Audit.AuditStore>();
        var entries = new List<AuditEvent>();
        await foreach (var entry in store.ReadEntriesAsync(0, CancellationToken.None))
        {
            entries.Add(entry.Event);
        }

        return entries;
    }

    [Fact]
    public async Task Lookup_WithANarrowPolicy_ReturnsOnlyItsFieldsAndTheirProvenance()
    {
        var (http, _) = await host.Factory.CreateClientAsync("narrow-lookup", [HubRole.Subscriber], [("bansos-eligibility", Narrow)]);
        using var _http = http;
        foreach (var record in SampleData.AcceptedRecords().Take(25))
        {
            using var response = await http.GetAsync($"/api/v1/persons/{record.SourceKey}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            AssertOnlyNarrowFields(JsonDocument.Parse(body).RootElement, record);
            Assert.DoesNotContain(record.SourceKey, body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Search_WithANarrowPolicy_FindsThePersonAndReturnsOnlyItsFields()
    {
        var (http, _) = await host.Factory.CreateClientAsync("narrow-search", [HubRole.Subscriber], [("bansos-eligibility", Narrow)]);
        using var _http = http;
        var checkedAny = false;
        foreach (var record in SampleData.AcceptedRecords().Take(10))
        {
            var name = record.Canonical[CanonicalFields.FullName]!;
            var birthDate = record.Canonical[CanonicalFields.BirthDate]!;
            var response = await http.GetFromJsonAsync<JsonElement>($"/api/v1/persons/search?name={Uri.EscapeDataString(name.ToLowerInvariant())}&birthDate={birthDate}");
            var candidates = response.GetProperty("candidates").EnumerateArray().ToList();
            Assert.NotEmpty(candidates);
            var best = candidates[0];
            Assert.Equal(name, best.GetProperty("person").GetProperty("name").GetProperty("full").GetString());
            Assert.True(best.GetProperty("score").GetProperty("probability").GetDouble() >= 0.5);
            foreach (var candidate in candidates)
            {
                AssertOnlyNarrowFields(candidate.GetProperty("person"), null);
            }

            Assert.DoesNotContain(record.SourceKey, response.GetRawText(), StringComparison.Ordinal);
            checkedAny = true;
        }

        Assert.True(checkedAny);
    }

    [Fact]
    public async Task Lookup_WithoutAPurpose_Is400_AndWithAPurposeWithoutPolicy_Is403NamingClientAndPurpose()
    {
        var (http, _) = await host.Factory.CreateClientAsync("purpose-check", [HubRole.Subscriber], [("bansos-eligibility", Narrow)]);
        using var _http = http;
        var record = SampleData.AcceptedRecords()[0];
        http.DefaultRequestHeaders.Remove("X-Purpose");

        using var none = await http.GetAsync($"/api/v1/persons/{record.SourceKey}");
        using var other = await http.GetAsync($"/api/v1/persons/{record.SourceKey}?purpose=tax-audit");
        using var byQuery = await http.GetAsync($"/api/v1/persons/{record.SourceKey}?purpose=bansos-eligibility");

        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var problem = await other.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("purpose-check", problem.GetProperty("clientId").GetString());
        Assert.Equal("tax-audit", problem.GetProperty("purpose").GetString());
        var denied = problem.GetRawText();
        Assert.DoesNotContain(record.Canonical[CanonicalFields.FullName]!, denied, StringComparison.Ordinal);
        Assert.DoesNotContain(record.SourceKey, denied, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
    }

    [Fact]
    public async Task Lookup_IsAuditedBeforeTheAnswer_WithClientPurposeNikFieldsAndRequestId()
    {
        var (http, _) = await host.Factory.CreateClientAsync("audited-lookup", [HubRole.Subscriber], [("bansos-eligibility", Narrow)]);
        using var _http = http;
        var record = SampleData.AcceptedRecords()[1];

        using var response = await http.GetAsync($"/api/v1/persons/{record.SourceKey}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var requestId = response.Headers.GetValues("X-Correlation-Id").Single();
        var entry = Assert.Single(await AuditedAsync(), e => e.RequestId == requestId);
        Assert.Equal("person.lookup", entry.Action);
        Assert.Equal("audited-lookup", entry.Actor);
        Assert.Equal("bansos-eligibility", entry.Purpose);
        Assert.Equal(record.SourceKey, entry.SubjectNik);
        Assert.NotNull(entry.SubjectPersonId);
        Assert.Equal(Narrow.Order(StringComparer.Ordinal), entry.Fields);
    }

    [Fact]
    public async Task Verify_AnswersTrueOrFalsePerField_NeverTheStoredValues()
    {
        var (http, _) = await host.Factory.CreateClientAsync("verifier", [HubRole.Subscriber], [("kyc", Narrow)]);
        using var _http = http;
        var record = SampleData.AcceptedRecords()[2];
        var name = record.Canonical[CanonicalFields.FullName]!;
        var birthDate = record.Canonical[CanonicalFields.BirthDate]!;

        using var response = await http.PostAsJsonAsync("/api/v1/persons/verify", new
        {
            nik = record.SourceKey,
            fields = new Dictionary<string, string> { ["name.full"] = "  " + name.ToLowerInvariant() + " ", ["birthDate"] = "1900-01-01" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var fields = JsonDocument.Parse(body).RootElement.GetProperty("fields");
        Assert.True(fields.GetProperty("name.full").GetBoolean());
        Assert.Equal(birthDate == "1900-01-01", fields.GetProperty("birthDate").GetBoolean());
        Assert.DoesNotContain(name, body, StringComparison.Ordinal);
        Assert.DoesNotContain(birthDate, body, StringComparison.Ordinal);
        Assert.DoesNotContain(record.SourceKey, body, StringComparison.Ordinal);
        var requestId = response.Headers.GetValues("X-Correlation-Id").Single();
        var entry = Assert.Single(await AuditedAsync(), e => e.RequestId == requestId);
        Assert.Equal("person.verify", entry.Action);
        Assert.Equal(["birthDate", "name.full"], entry.Fields);

        using var outside = await http.PostAsJsonAsync("/api/v1/persons/verify", new
        {
            nik = record.SourceKey,
            fields = new Dictionary<string, string> { ["motherName"] = "SITI" },
        });
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        Assert.Contains("motherName", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void Projection_KeepsOnlyAllowedFieldsAndTheNikOnlyWhenAllowed()
    {
        var now = DateTimeOffset.UtcNow;
        var provenance = new Provenance("dukcapil", "k", Guid.NewGuid(), "f.csv", 2, now, "rule");
        var person = new Core.MasterIndex.GoldenRecord(Guid.NewGuid(), "3201010101010001", new Dictionary<string, Core.MasterIndex.GoldenValue>
        {
            ["nik"] = new("3201010101010001", provenance),
            ["name.full"] = new("BUDI", provenance),
            ["motherName"] = new("SITI", provenance),
        }, 1, now, now);

        var narrow = FieldProjection.Project(person, new AccessPolicy("p", "c", "x", new HashSet<string> { "name.full" }, new HashSet<string>()));
        var withNik = FieldProjection.Project(person, new AccessPolicy("p", "c", "x", new HashSet<string> { "nik", "name.full" }, new HashSet<string>()));

        Assert.Equal(["name.full"], narrow.Fields.Keys);
        Assert.Null(narrow.Nik);
        Assert.Equal("", narrow.Fields["name.full"].Provenance.SourceKey); // an agency's key may be the NIK itself
        Assert.Equal("3201010101010001", withNik.Nik);
        Assert.Equal(3, person.Fields.Count);
    }

    // Only metadata, name.full and birthDate; provenance only for those two.
    private static void AssertOnlyNarrowFields(JsonElement person, SampleData.Accepted? record)
    {
        foreach (var property in person.EnumerateObject())
        {
            Assert.True(Metadata.Contains(property.Name) || property.Name is "name" or "birthDate", $"field {property.Name} is outside the policy");
        }

        Assert.Equal(["full"], person.GetProperty("name").EnumerateObject().Select(p => p.Name));
        Assert.Equal(Narrow.Order(StringComparer.Ordinal), person.GetProperty("provenance").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        if (record is not null)
        {
            Assert.Equal(record.Canonical[CanonicalFields.FullName], person.GetProperty("name").GetProperty("full").GetString());
        }
    }
}
