using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests;

/// <summary>
/// Identity resolution on a real database, with the shipped matching model: deterministic and probabilistic links,
/// NIK ganda, the review queue, and the manual operations with their history. Each subclass runs it on one engine.
/// </summary>
public abstract class IdentityContractTests : IAsyncLifetime
{
    // Kab. Bogor 32.01.01. Siti: born 12-05-1990, a woman (day + 40). Budi: born 03-01-1975, a man.
    protected const string SitiNik = "3201015205900002";
    protected const string BudiNik = "3201010301750003";
    private static readonly ActorContext s_reviewer = new("reviewer-1", "checked the KTP scan");
    private HubDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected HubDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = HubDatabase.Open(await CreateEmptyDatabaseAsync(), Time);
        await _database.Migrator.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task BpjsRecordWithoutNik_MatchingADukcapilPerson_IsLinkedAutomaticallyWithItsScoreKept()
    {
        await IngestAsync("dukcapil", Siti());

        await IngestAsync("bpjs", Siti(source: "bpjs", key: "0001234567890", nik: null, card: "0001234567890"));

        Assert.Equal(1, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        var person = await FindByNikAsync(SitiNik);
        Assert.Equal("0001234567890", person.Fields[CanonicalFields.BpjsCardNumber.Path].Value);
        var decision = Assert.Single(await Database.Identity.ListDecisionsAsync("bpjs", "0001234567890", CancellationToken.None));
        Assert.Equal("link", decision.Outcome);
        Assert.Equal("auto", decision.Method);
        Assert.Equal(person.PersonId, decision.PersonId);
        Assert.NotEmpty(decision.Breakdown);
        Assert.False(string.IsNullOrEmpty(decision.ModelVersion));
        Assert.Equal(decision.DecisionId, person.Fields[CanonicalFields.BpjsCardNumber.Path].Provenance.DecisionId);
    }

    [Fact]
    public async Task BpjsRecordWithAValidNik_AgreeingWithTheHolder_LinksDeterministically()
    {
        await IngestAsync("dukcapil", Siti());

        await IngestAsync("bpjs", Siti(source: "bpjs", key: "0001234567890", card: "0001234567890"));

        var decision = Assert.Single(await Database.Identity.ListDecisionsAsync("bpjs", "0001234567890", CancellationToken.None));
        Assert.Equal("nik", decision.Method);
        Assert.Equal(1, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task RecordNobodyResembles_BecomesAPersonOfItsOwn_WithoutTakingItsUnverifiedNik()
    {
        await IngestAsync("dukcapil", Siti());

        // BPJS does not issue NIKs: its NIK is kept as a value, not made the person's key.
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0009999999999", card: "0009999999999"));

        Assert.Equal(2, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        Assert.Null(await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(BudiNik).Value, CancellationToken.None));
        var decision = Assert.Single(await Database.Identity.ListDecisionsAsync("bpjs", "0009999999999", CancellationToken.None));
        Assert.Equal("new", decision.Outcome);

        // When Dukcapil later sends Budi, his record joins that person and gives it the NIK.
        await IngestAsync("dukcapil", Budi());
        Assert.Equal(2, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        var budi = await FindByNikAsync(BudiNik);
        Assert.Equal("0009999999999", budi.Fields[CanonicalFields.BpjsCardNumber.Path].Value);
    }

    [Fact]
    public async Task RecordCarryingAnotherPersonsNik_IsNikGanda_SentToReviewAndNeverMerged()
    {
        await IngestAsync("dukcapil", Siti());
        var before = await FindByNikAsync(SitiNik);

        // Budi's BPJS record carries Siti's NIK: one NIK, two people.
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0001111111111", nik: SitiNik, card: "0001111111111"));

        var after = await FindByNikAsync(SitiNik);
        Assert.Equal(before.Fields.Keys.Order(), after.Fields.Keys.Order());
        Assert.Equal("SITI AMINAH", after.Fields[CanonicalFields.FullName.Path].Value);
        Assert.Equal(2, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        var item = Assert.Single(await Database.Identity.ListReviewAsync("open", null, 0, 10, CancellationToken.None));
        Assert.Equal(ReviewKind.NikGanda, item.Kind);
        Assert.Equal(before.PersonId, item.CandidatePersonId);
        Assert.Equal("0001111111111", item.SourceKey);
    }

    [Fact]
    public async Task ReviewItem_ShowsBothRecordsAndTheScoreBreakdown()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0001111111111", nik: SitiNik, card: "0001111111111"));
        var item = Assert.Single(await Database.Identity.ListReviewAsync("open", ReviewKind.NikGanda, 0, 10, CancellationToken.None));

        var detail = await Database.Identity.GetReviewAsync(item.ReviewId, CancellationToken.None);

        Assert.NotNull(detail);
        Assert.Equal("BUDI SANTOSO", detail.Record[CanonicalFields.FullName.Path]);
        Assert.Equal("SITI AMINAH", detail.Candidate!.Fields[CanonicalFields.FullName.Path].Value);
        Assert.NotEmpty(detail.Breakdown);
        Assert.Contains(detail.Breakdown, c => c.Weight < 0);
    }

    [Fact]
    public async Task ReviewDecision_NotAMatch_IsKeptWithWhoAndWhy_AndLaterRunsRespectIt()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0001111111111", nik: SitiNik, card: "0001111111111"));
        var item = Assert.Single(await Database.Identity.ListReviewAsync("open", null, 0, 10, CancellationToken.None));
        var siti = await FindByNikAsync(SitiNik);

        var result = await Database.Identity.DecideReviewAsync(item.ReviewId, ReviewDecision.NotAMatch, s_reviewer, CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0001111111111", nik: SitiNik, card: "0001111111111", street: "JL. BARU 9"));

        Assert.Equal(IdentityOpStatus.Ok, result.Status);
        var decided = await Database.Identity.GetReviewAsync(item.ReviewId, CancellationToken.None);
        Assert.Equal("not-a-match", decided!.Item.Status);
        Assert.Equal("reviewer-1", decided.DecidedBy);
        Assert.Equal("checked the KTP scan", decided.Reason);
        Assert.Empty(await Database.Identity.ListReviewAsync("open", null, 0, 10, CancellationToken.None));
        Assert.DoesNotContain(await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None), l => l.Source == "bpjs");
        var again = await Database.Identity.DecideReviewAsync(item.ReviewId, ReviewDecision.Link, s_reviewer, CancellationToken.None);
        Assert.Equal(IdentityOpStatus.Conflict, again.Status);
    }

    [Fact]
    public async Task ReviewDecision_Link_JoinsTheRecordsPersonToTheCandidate()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0001111111111", nik: SitiNik, card: "0001111111111"));
        var item = Assert.Single(await Database.Identity.ListReviewAsync("open", null, 0, 10, CancellationToken.None));

        var result = await Database.Identity.DecideReviewAsync(item.ReviewId, ReviewDecision.Link, s_reviewer, CancellationToken.None);

        Assert.Equal(IdentityOpStatus.Ok, result.Status);
        var siti = await FindByNikAsync(SitiNik);
        Assert.Contains(await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None), l => l.SourceKey == "0001111111111");
        Assert.Equal("0001111111111", siti.Fields[CanonicalFields.BpjsCardNumber.Path].Value);
        Assert.Equal("SITI AMINAH", siti.Fields[CanonicalFields.FullName.Path].Value);
        Assert.Contains(await Database.Identity.GetHistoryAsync(siti.PersonId, CancellationToken.None), e => e.Kind == "merged" && e.Actor == "reviewer-1");
    }

    [Fact]
    public async Task Merge_ThenUnmerge_RestoresBothPersonsExactly()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("dukcapil", Budi());
        var siti = await FindByNikAsync(SitiNik);
        var budi = await FindByNikAsync(BudiNik);
        var sitiLinks = await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None);
        var budiLinks = await Database.Identity.ListLinksAsync(budi.PersonId, CancellationToken.None);

        var merge = await Database.Identity.MergeAsync(siti.PersonId, budi.PersonId, s_reviewer, CancellationToken.None);

        Assert.Equal(IdentityOpStatus.Ok, merge.Status);
        Assert.Equal(siti.PersonId, (await FindByNikAsync(BudiNik)).PersonId);
        Assert.Equal(2, (await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None)).Count);

        var unmerge = await Database.Identity.UnmergeAsync(merge.EventId!.Value, s_reviewer, CancellationToken.None);

        Assert.Equal(IdentityOpStatus.Ok, unmerge.Status);
        var sitiAfter = await FindByNikAsync(SitiNik);
        var budiAfter = await FindByNikAsync(BudiNik);
        Assert.Equal(budi.PersonId, budiAfter.PersonId);
        AssertSameValues(siti, sitiAfter);
        AssertSameValues(budi, budiAfter);
        Assert.Equal(sitiLinks.Select(l => l.SourceKey), (await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None)).Select(l => l.SourceKey));
        Assert.Equal(budiLinks.Select(l => l.SourceKey), (await Database.Identity.ListLinksAsync(budi.PersonId, CancellationToken.None)).Select(l => l.SourceKey));
        Assert.Equal(IdentityOpStatus.Conflict, (await Database.Identity.UnmergeAsync(merge.EventId!.Value, s_reviewer, CancellationToken.None)).Status);
        var history = await Database.Identity.GetHistoryAsync(budi.PersonId, CancellationToken.None);
        Assert.Equal(["created", "merged-into", "unmerged"], history.Select(e => e.Kind));
    }

    [Fact]
    public async Task Unlink_MakesTheRecordAPersonOfItsOwn_AndTheGoldenRecordForgetsIt()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("bpjs", Siti(source: "bpjs", key: "0001234567890", nik: null, card: "0001234567890"));
        var siti = await FindByNikAsync(SitiNik);

        var result = await Database.Identity.UnlinkAsync("bpjs", "0001234567890", s_reviewer, CancellationToken.None);

        Assert.Equal(IdentityOpStatus.Ok, result.Status);
        var after = await FindByNikAsync(SitiNik);
        Assert.False(after.Fields.ContainsKey(CanonicalFields.BpjsCardNumber.Path));
        var own = await Database.Identity.FindPersonAsync(result.PersonId!.Value, CancellationToken.None);
        Assert.Equal("0001234567890", own!.Fields[CanonicalFields.BpjsCardNumber.Path].Value);
        Assert.NotEqual(siti.PersonId, own.PersonId);

        // A newer version of the record stays where the reviewer put it.
        Time.Advance(TimeSpan.FromDays(1));
        await IngestAsync("bpjs", Siti(source: "bpjs", key: "0001234567890", nik: null, card: "0001234567890", street: "JL. BARU 9"));
        Assert.DoesNotContain(await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None), l => l.Source == "bpjs");
        Assert.Equal(IdentityOpStatus.Conflict, (await Database.Identity.UnlinkAsync("dukcapil", SitiNik, s_reviewer, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task Override_WinsOverLaterIngest_AndClearingItRestoresTheSourceValue()
    {
        await IngestAsync("dukcapil", Siti());
        var siti = await FindByNikAsync(SitiNik);

        var set = await Database.Identity.OverrideFieldAsync(siti.PersonId, CanonicalFields.Street.Path, "JL. KOREKSI 1", s_reviewer, CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));
        await IngestAsync("dukcapil", Siti(street: "JL. DARI DUKCAPIL 2"));

        Assert.Equal(IdentityOpStatus.Ok, set.Status);
        var overridden = await FindByNikAsync(SitiNik);
        Assert.Equal("JL. KOREKSI 1", overridden.Fields[CanonicalFields.Street.Path].Value);
        Assert.Equal("override", overridden.Fields[CanonicalFields.Street.Path].Provenance.Source);

        await Database.Identity.OverrideFieldAsync(siti.PersonId, CanonicalFields.Street.Path, null, s_reviewer, CancellationToken.None);

        var cleared = await FindByNikAsync(SitiNik);
        Assert.Equal("JL. DARI DUKCAPIL 2", cleared.Fields[CanonicalFields.Street.Path].Value);
        Assert.Equal("dukcapil", cleared.Fields[CanonicalFields.Street.Path].Provenance.Source);
        Assert.Equal(IdentityOpStatus.NotFound, (await Database.Identity.OverrideFieldAsync(siti.PersonId, "no.such.field", "x", s_reviewer, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task ManualLink_MovesARecordAndRetiresThePersonLeftEmpty()
    {
        await IngestAsync("dukcapil", Siti());
        await IngestAsync("bpjs", Budi(source: "bpjs", key: "0009999999999", nik: null, card: "0009999999999"));
        var siti = await FindByNikAsync(SitiNik);
        var assignments = await ToListAsync(Database.Identity.ListAssignmentsAsync(CancellationToken.None));
        var lonely = assignments.Single(a => a.Source == "bpjs").PersonId!.Value;

        var result = await Database.Identity.LinkAsync("bpjs", "0009999999999", siti.PersonId, s_reviewer, CancellationToken.None);

        Assert.Equal(IdentityOpStatus.Ok, result.Status);
        Assert.Contains(await Database.Identity.ListLinksAsync(siti.PersonId, CancellationToken.None), l => l.SourceKey == "0009999999999" && l.Method == "manual");
        Assert.Contains(await Database.Identity.GetHistoryAsync(lonely, CancellationToken.None), e => e.Kind == "retired");
        Assert.Equal(IdentityOpStatus.Conflict, (await Database.Identity.LinkAsync("bpjs", "0009999999999", siti.PersonId, s_reviewer, CancellationToken.None)).Status);
        Assert.Equal(IdentityOpStatus.NotFound, (await Database.Identity.LinkAsync("bpjs", "nope", siti.PersonId, s_reviewer, CancellationToken.None)).Status);
    }

    [Fact]
    public async Task BlockingKeys_ArePersistedForEveryPerson()
    {
        await IngestAsync("dukcapil", Siti());
        var siti = await FindByNikAsync(SitiNik);

        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM person_block";
        Assert.True(Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.NotNull(siti);
    }

    protected async Task IngestAsync(string source, SourceRecord record)
    {
        var run = await Database.MasterIndex.StartRunAsync(source, null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [record], [], SurvivorshipPolicy.Default, CancellationToken.None);
        await Database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, CancellationToken.None);
    }

    private async Task<GoldenRecord> FindByNikAsync(string nik) =>
        await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(nik).Value, CancellationToken.None)
        ?? throw new Xunit.Sdk.XunitException($"No person holds NIK {nik}.");

    private static void AssertSameValues(GoldenRecord expected, GoldenRecord actual) =>
        Assert.Equal(
            expected.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Value, f.Value.Provenance.Source, f.Value.Provenance.SourceRecordId)),
            actual.Fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (f.Key, f.Value.Value, f.Value.Provenance.Source, f.Value.Provenance.SourceRecordId)));

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    protected static SourceRecord Siti(string source = "dukcapil", string? key = null, string? nik = SitiNik, string? card = null, string street = "JL. MERDEKA NO. 1") =>
        Record(source, key ?? SitiNik, nik, "SITI AMINAH", "1990-05-12", "female", "KARTINI", card, street);

    protected static SourceRecord Budi(string source = "dukcapil", string? key = null, string? nik = BudiNik, string? card = null, string street = "JL. SUDIRMAN 5") =>
        Record(source, key ?? BudiNik, nik, "BUDI SANTOSO", "1975-01-03", "male", "SRI WAHYUNI", card, street);

    private static SourceRecord Record(string source, string key, string? nik, string name, string birthDate, string sex, string mother, string? card, string street)
    {
        var builder = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.NormalisedName, name, "name-normalise")
            .Set(CanonicalFields.BirthDate, birthDate, "birthDate")
            .Set(CanonicalFields.Sex, sex, "sex")
            .Set(CanonicalFields.Street, street, "street")
            .Set(CanonicalFields.BpjsCardNumber, card, "noKartu");
        if (source == "dukcapil")
        {
            builder.Set(CanonicalFields.MotherName, mother, "mother")
                .Set(CanonicalFields.VillageCode, "3201012001", "village")
                .Set(CanonicalFields.DistrictCode, "320101", "district")
                .Set(CanonicalFields.RegencyCode, "3201", "regency")
                .Set(CanonicalFields.ProvinceCode, "32", "province");
        }

        Nik? parsed = nik is not null && Nik.Parse(nik) is { Success: true } result ? result.Value : null;
        return new SourceRecord(source, key, parsed, builder.Build(), null, null) { IsIdentityAuthority = source == "dukcapil" };
    }
}

/// <summary>Identity resolution on SQLite.</summary>
public sealed class SqliteIdentityTests : IdentityContractTests, IDisposable
{
    private string? _directory;

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "hub-identity-" + Guid.NewGuid().ToString("N"));
        return Task.FromResult(new StorageOptions { DataDirectory = _directory });
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            if (_directory is not null)
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Still open in another test's pool; the OS temp cleaner will take it.
        }
    }
}

/// <summary>Identity resolution on PostgreSQL.</summary>
public sealed class PostgresIdentityTests : IdentityContractTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };
}
