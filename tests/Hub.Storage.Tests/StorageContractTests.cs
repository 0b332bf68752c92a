using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests;

/// <summary>
/// The behaviour every database must show. Each subclass runs the whole suite against one real engine;
/// each test gets a database of its own.
/// </summary>
public abstract class StorageContractTests : IAsyncLifetime
{
    private HubDatabase? _database;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    protected HubDatabase Database => _database ?? throw new InvalidOperationException("Not initialised.");

    protected abstract DatabaseProvider ExpectedProvider { get; }

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
    public void Open_SelectsTheConfiguredEngine()
    {
        Assert.Equal(ExpectedProvider, Database.Provider);
    }

    [Fact]
    public async Task Migrate_Twice_AppliesNothingTheSecondTimeAndReportsLatestVersion()
    {
        var again = await Database.Migrator.MigrateAsync(CancellationToken.None);

        Assert.Empty(again);
        Assert.True(Database.Migrator.LatestVersion >= 1);
        Assert.Equal(Database.Migrator.LatestVersion, await Database.Migrator.CurrentVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Migrate_FromSeveralNodesAtOnce_AppliesEachMigrationOnce()
    {
        await using var fresh = HubDatabase.Open(await CreateEmptyDatabaseAsync(), Time);
        var nodes = Enumerable.Range(0, 4).Select(_ => Task.Run(() => fresh.Migrator.MigrateAsync(CancellationToken.None))).ToArray();
        var results = await Task.WhenAll(nodes);

        // Migration numbers are reserved per feature, so the count may be below the latest number while one is missing.
        Assert.Equal(SchemaMigrator.LoadMigrations(fresh.Provider).Count, results.Sum(r => r.Count));
        Assert.Equal(fresh.Migrator.LatestVersion, await fresh.Migrator.CurrentVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ApplyBatch_NewRecord_CreatesPersonWithPerFieldLineage()
    {
        var run = await Database.MasterIndex.StartRunAsync("dukcapil", "biodata.csv", CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(run.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", line: 7)], [], SurvivorshipPolicy.Default, CancellationToken.None);

        Assert.Equal(new RunCountsView(1, 0, 0), RunCountsView.Of(result.Counts));
        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None);
        Assert.NotNull(person);
        Assert.Equal(TestRecords.ManNik, person.Nik);
        Assert.Equal(1, person.Version);
        var name = person.Fields[CanonicalFields.FullName.Path];
        Assert.Equal("BUDI SANTOSO", name.Value);
        Assert.Equal("dukcapil", name.Provenance.Source);
        Assert.Equal(run.RunId, name.Provenance.RunId);
        Assert.Equal("biodata.csv", name.Provenance.Location);
        Assert.Equal(7, name.Provenance.Line);
        Assert.Equal("NAMA_LGKP", name.Provenance.Rule);
        Assert.NotNull(name.Provenance.SourceRecordId);
        Assert.Equal(Time.GetUtcNow(), name.Provenance.ReceivedAt);
    }

    [Fact]
    public async Task ApplyBatch_SameContentAgain_IsUnchangedAndLeavesPersonAlone()
    {
        var first = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(first.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));
        var second = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(second.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", line: 99)], [], SurvivorshipPolicy.Default, CancellationToken.None);

        Assert.Equal(new RunCountsView(0, 1, 0), RunCountsView.Of(result.Counts));
        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None);
        Assert.Equal(1, person!.Version);
        Assert.Equal(first.RunId, person.Fields[CanonicalFields.FullName.Path].Provenance.RunId);
    }

    [Fact]
    public async Task ApplyBatch_ChangedContent_UpdatesOnlyTheChangedFieldsLineage()
    {
        var first = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(first.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", street: "JL. LAMA 1")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));
        var second = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(second.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI SANTOSO", street: "JL. BARU 2")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        Assert.Equal(1, result.Accepted);
        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None);
        Assert.Equal(2, person!.Version);
        Assert.Equal("JL. BARU 2", person.Fields[CanonicalFields.Street.Path].Value);
        Assert.Equal(second.RunId, person.Fields[CanonicalFields.Street.Path].Provenance.RunId);
        Assert.Equal(first.RunId, person.Fields[CanonicalFields.FullName.Path].Provenance.RunId);
        Assert.Equal(Time.GetUtcNow(), person.UpdatedAt);
    }

    [Fact]
    public async Task ApplyBatch_LessTrustedSource_FillsGapsButDoesNotOverwriteIdentity()
    {
        var dukcapil = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(dukcapil.RunId, [TestRecords.Person(TestRecords.WomanNik, "SITI AMINAH")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        Time.Advance(TimeSpan.FromDays(1));
        var bpjs = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);

        await Database.MasterIndex.ApplyBatchAsync(bpjs.RunId, [TestRecords.Person(TestRecords.WomanNik, "ST AMINAH", source: "bpjs", bpjsCard: "0001234567890")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.WomanNik).Value, CancellationToken.None);
        Assert.Equal("SITI AMINAH", person!.Fields[CanonicalFields.FullName.Path].Value);
        Assert.Equal("dukcapil", person.Fields[CanonicalFields.FullName.Path].Provenance.Source);
        Assert.Equal("0001234567890", person.Fields[CanonicalFields.BpjsCardNumber.Path].Value);
        Assert.Equal("bpjs", person.Fields[CanonicalFields.BpjsCardNumber.Path].Provenance.Source);
    }

    [Fact]
    public async Task ApplyBatch_QuarantinedRows_AreKeptInOrderAndCountedOnTheRun()
    {
        var run = await Database.MasterIndex.StartRunAsync("dukcapil", "biodata.csv", CancellationToken.None);
        QuarantinedRow[] bad =
        [
            new("dukcapil", "biodata.csv", 3, "nik.WrongLength", "NIK", "NIK has 15 characters; it must have 16 digits.", "320101120590001;..."),
            new("dukcapil", "biodata.csv", 9, "csv.FieldCount", null, "Row has 21 fields; the header has 23.", "a;b;c"),
        ];

        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI")], bad, SurvivorshipPolicy.Default, CancellationToken.None);
        await Database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, CancellationToken.None);

        var stored = await Database.MasterIndex.ListQuarantineAsync(run.RunId, CancellationToken.None);
        Assert.Equal(bad, stored);
        var finished = await Database.MasterIndex.FindRunAsync(run.RunId, CancellationToken.None);
        Assert.Equal(RunStatus.Succeeded, finished!.Status);
        Assert.Equal(new RunCountsView(1, 0, 2), RunCountsView.Of(finished.Counts));
        Assert.Equal(3, finished.Counts.Read);
        Assert.Equal(Time.GetUtcNow(), finished.FinishedAt);
    }

    [Fact]
    public async Task ApplyBatch_SameBadRowAgain_IsNotQuarantinedTwiceAndCountsUnchanged()
    {
        var row = new QuarantinedRow("dukcapil", "biodata.csv", 3, "nik.WrongLength", "NIK", "NIK has 15 characters; it must have 16 digits.", "320101120590001;BUDI");
        var first = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(first.RunId, [], [row], SurvivorshipPolicy.Default, CancellationToken.None);
        var second = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(second.RunId, [], [row with { Line = 30 }], SurvivorshipPolicy.Default, CancellationToken.None);

        Assert.Equal(new RunCountsView(0, 1, 0), RunCountsView.Of(result.Counts));
        Assert.Equal(1, result.AlreadyQuarantined);
        Assert.Empty(await Database.MasterIndex.ListQuarantineAsync(second.RunId, CancellationToken.None));
        Assert.Single(await Database.MasterIndex.ListQuarantineAsync(first.RunId, CancellationToken.None));
        var stored = await Database.MasterIndex.FindRunAsync(second.RunId, CancellationToken.None);
        Assert.Equal(new RunCountsView(0, 1, 0), RunCountsView.Of(stored!.Counts));
    }

    [Fact]
    public async Task ApplyBatch_FailingMidway_LeavesNothingBehind()
    {
        var unknownRun = Guid.NewGuid();

        // The run does not exist, so the first insert that references it violates a foreign key after
        // the person row was already written inside the transaction.
        await Assert.ThrowsAnyAsync<Exception>(() => Database.MasterIndex.ApplyBatchAsync(
            unknownRun, [TestRecords.Person(TestRecords.ManNik, "BUDI")], [], SurvivorshipPolicy.Default, CancellationToken.None));

        Assert.Equal(0, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        Assert.Null(await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyBatch_SameNikTwiceInOneBatch_MakesOnePersonWithTheLaterValues()
    {
        var run = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(
            run.RunId,
            [TestRecords.Person(TestRecords.ManNik, "BUDI", street: "JL. A", line: 2), TestRecords.Person(TestRecords.ManNik, "BUDI", street: "JL. B", line: 3)],
            [],
            SurvivorshipPolicy.Default,
            CancellationToken.None);

        Assert.Equal(2, result.Accepted);
        Assert.Equal(1, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None);
        Assert.Equal("JL. B", person!.Fields[CanonicalFields.Street.Path].Value);
        Assert.Equal(3, person.Fields[CanonicalFields.Street.Path].Provenance.Line);
    }

    [Fact]
    public async Task ApplyBatch_WithCursor_CommitsItWithTheBatch()
    {
        var run = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);
        Assert.Null(await Database.MasterIndex.GetCursorAsync("bpjs", "peserta", CancellationToken.None));

        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI")], [], SurvivorshipPolicy.Default, CancellationToken.None, new CursorCommit("bpjs", "peserta", "{\"page\":2}"));
        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [], [], SurvivorshipPolicy.Default, CancellationToken.None, new CursorCommit("bpjs", "peserta", "{\"page\":3}"));

        Assert.Equal("{\"page\":3}", await Database.MasterIndex.GetCursorAsync("bpjs", "peserta", CancellationToken.None));
        Assert.Null(await Database.MasterIndex.GetCursorAsync("bpjs", "other", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyBatch_FailingMidway_DoesNotMoveTheCursor()
    {
        var run = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [], [], SurvivorshipPolicy.Default, CancellationToken.None, new CursorCommit("bpjs", "peserta", "before"));

        await Assert.ThrowsAnyAsync<Exception>(() => Database.MasterIndex.ApplyBatchAsync(
            Guid.NewGuid(), [TestRecords.Person(TestRecords.ManNik, "BUDI")], [], SurvivorshipPolicy.Default, CancellationToken.None, new CursorCommit("bpjs", "peserta", "after")));

        Assert.Equal("before", await Database.MasterIndex.GetCursorAsync("bpjs", "peserta", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyBatch_RecordWithoutNikResemblingNobody_BecomesAPersonWithoutNik_AndIsIdempotent()
    {
        var canonical = CanonicalRecord.CreateBuilder().Set(CanonicalFields.FullName, "SITI", "nama").Set(CanonicalFields.BpjsCardNumber, "0001234567890", "noKartu").Build();
        var record = new SourceRecord("bpjs", "0001234567890", null, canonical, "/peserta", 1);
        var run = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);

        var first = await Database.MasterIndex.ApplyBatchAsync(run.RunId, [record], [], SurvivorshipPolicy.Default, CancellationToken.None);
        var second = await Database.MasterIndex.ApplyBatchAsync(run.RunId, [record], [], SurvivorshipPolicy.Default, CancellationToken.None);

        Assert.Equal(1, first.Accepted);
        Assert.Equal(1, second.Unchanged);
        Assert.Equal(1, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        var assignment = Assert.Single(await ToListAsync(Database.Identity.ListAssignmentsAsync(CancellationToken.None)));
        var person = await Database.Identity.FindPersonAsync(assignment.PersonId!.Value, CancellationToken.None);
        Assert.Null(person!.Nik);
        Assert.Equal("new", assignment.Method);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    [Fact]
    public async Task ApplyBatch_NonAuthorityWithAnUnknownNik_DoesNotMakeThatNikAPersonsKey()
    {
        var run = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);

        var result = await Database.MasterIndex.ApplyBatchAsync(run.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI", source: "bpjs")], [], SurvivorshipPolicy.Default, CancellationToken.None);

        // A NIK only the identity authority vouches for: the record is a person, but nobody is found by that NIK.
        Assert.Equal(1, result.Accepted);
        Assert.Equal(1, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));
        Assert.Null(await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None));
    }

    [Fact]
    public async Task ApplyBatch_NonAuthorityContradictingThePersonsBirthDate_StaysUnlinked()
    {
        var dukcapil = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(dukcapil.RunId, [TestRecords.Person(TestRecords.ManNik, "BUDI")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        var other = TestRecords.Person(TestRecords.ManNik, "BUDI", source: "bpjs", bpjsCard: "0001234567890");
        var contradicting = other with
        {
            Canonical = CanonicalRecord.CreateBuilder()
                .Set(CanonicalFields.Nik, TestRecords.ManNik, "nik")
                .Set(CanonicalFields.BirthDate, "1991-05-12", "tglLahir")
                .Set(CanonicalFields.BpjsCardNumber, "0001234567890", "noKartu")
                .Build(),
        };
        var bpjs = await Database.MasterIndex.StartRunAsync("bpjs", null, CancellationToken.None);

        await Database.MasterIndex.ApplyBatchAsync(bpjs.RunId, [contradicting], [], SurvivorshipPolicy.Default, CancellationToken.None);

        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.ManNik).Value, CancellationToken.None);
        Assert.False(person!.Fields.ContainsKey(CanonicalFields.BpjsCardNumber.Path));
        Assert.Equal(1, person.Version);
    }

    [Fact]
    public async Task FindPersonByNik_Unknown_ReturnsNull()
    {
        Assert.Null(await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(TestRecords.WomanNik).Value, CancellationToken.None));
        Assert.Null(await Database.MasterIndex.FindRunAsync(Guid.NewGuid(), CancellationToken.None));
    }

    // Equality of counts by value, readable in a failure message.
    protected readonly record struct RunCountsView(long Accepted, long Unchanged, long Quarantined)
    {
        public static RunCountsView Of(RunCounts counts) => new(counts.Accepted, counts.Unchanged, counts.Quarantined);
    }
}
