using System.Data.Common;
using Dapper;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage.Audit;

namespace IntegrationHub.Storage.Tests.Audit;

/// <summary>
/// The audit store on a real engine: entries appended through the store, then tampered with by raw SQL the way
/// someone with database access would (switching the append-only triggers off first); verification must name the
/// right entry every time. Also group commit: acknowledged means committed, and a failed commit acknowledges nothing.
/// </summary>
public abstract class AuditStoreTests : IAsyncLifetime
{
    private const int Entries = 30;
    private readonly List<HubDatabase> _databases = [];
    private StorageOptions? _options;

    protected AuditSigningKey Key { get; } = AuditSigningKey.Generate();

    protected HubDatabase Database { get; private set; } = null!;

    protected AuditStore Store { get; private set; } = null!;

    protected abstract Task<StorageOptions> CreateEmptyDatabaseAsync();

    /// <summary>Turns the append-only triggers off, as an attacker with DDL rights would.</summary>
    protected abstract string DisableAppendOnlySql { get; }

    /// <summary>Makes every later commit of audit entries fail.</summary>
    protected abstract string InjectCommitFailureSql { get; }

    /// <summary>Undoes <see cref="InjectCommitFailureSql"/>.</summary>
    protected abstract string RemoveCommitFailureSql { get; }

    public async Task InitializeAsync()
    {
        _options = await CreateEmptyDatabaseAsync();
        Database = Open();
        await Database.Migrator.MigrateAsync(CancellationToken.None);
        Store = new AuditStore(Database);
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        Key.Dispose();
    }

    protected HubDatabase Open()
    {
        var database = HubDatabase.Open(_options!);
        _databases.Add(database);
        return database;
    }

    private static AuditEvent Lookup(int i) => new(
        i % 4 == 0 ? "person.search" : "person.lookup",
        "client-" + (i % 3),
        "purpose-" + (i % 2),
        "3201014101" + (900000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
        Guid.NewGuid(),
        ["name.full", "birth.date"],
        "req-" + i,
        "{\"status\":200}");

    /// <summary><see cref="Entries"/> entries appended concurrently, sealed at 20 and at the end.</summary>
    private async Task FillAsync()
    {
        await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Store.AppendAsync(Lookup(i), CancellationToken.None).AsTask()));
        Assert.NotNull(await Store.SealAsync(Key, CancellationToken.None));
        for (var i = 21; i <= Entries; i++)
        {
            await Store.AppendAsync(Lookup(i), CancellationToken.None);
        }

        Assert.NotNull(await Store.SealAsync(Key, CancellationToken.None));
    }

    private Task<AuditVerificationResult> VerifyAsync() => Store.VerifyAsync([Key.PublicOnly()], CancellationToken.None);

    private async Task ExecuteAsync(string sql, object? parameters = null)
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }

    private async Task TamperAsync(string sql, object? parameters = null)
    {
        await ExecuteAsync(DisableAppendOnlySql);
        await ExecuteAsync(sql, parameters);
    }

    private async Task<AuditProblem> FirstProblemAsync()
    {
        var result = await VerifyAsync();
        Assert.False(result.Ok, "verification must fail after tampering");
        return result.FirstProblem!;
    }

    [Fact]
    public async Task Verify_Untouched_IsOkWithEveryEntryAndSealChecked()
    {
        await FillAsync();

        var result = await VerifyAsync();

        Assert.True(result.Ok, result.FirstProblem?.Message);
        Assert.Equal(Entries, result.Entries);
        Assert.Equal(2, result.Seals);
        Assert.Equal(Entries, result.LastSealedSeq);
    }

    [Fact]
    public async Task ReadEntries_RoundTripsEveryPartOfTheEvent()
    {
        var original = Lookup(1);
        var seq = await Store.AppendAsync(original, CancellationToken.None);

        var stored = await Store.ReadEntriesAsync(0, CancellationToken.None).SingleAsync();

        Assert.Equal(seq, stored.Seq);
        Assert.Equal(AuditChain.GenesisHash, stored.PrevHash);
        Assert.Equal(original with { Fields = null }, stored.Event with { Fields = null });
        Assert.Equal(original.Fields, stored.Event.Fields);
    }

    [Fact]
    public async Task RawUpdateOrDelete_WithoutDisablingTheTriggers_IsRefused()
    {
        await FillAsync();

        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("UPDATE audit_entry SET actor = 'x' WHERE seq = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_entry WHERE seq = 3"));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync("DELETE FROM audit_seal"));
        Assert.True((await VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Tamper_EditOneEntry_NamesThatEntry()
    {
        await FillAsync();

        await TamperAsync("UPDATE audit_entry SET purpose = 'marketing' WHERE seq = 7");

        var problem = await FirstProblemAsync();
        Assert.Equal((7, AuditProblemKind.Modified), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_EditAnEntryInTheUnsealedTail_NamesThatEntry()
    {
        await FillAsync();
        await Store.AppendAsync(Lookup(99), CancellationToken.None);

        await TamperAsync("UPDATE audit_entry SET fields = '[\"name.full\"]' WHERE seq = 31");

        var problem = await FirstProblemAsync();
        Assert.Equal((31, AuditProblemKind.Modified), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_DeleteOneEntry_NamesTheMissingEntry()
    {
        await FillAsync();

        await TamperAsync("DELETE FROM audit_entry WHERE seq = 12");

        var problem = await FirstProblemAsync();
        Assert.Equal((12, AuditProblemKind.Missing), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_DeleteTheSealedTail_NamesTheFirstDeletedEntry()
    {
        await FillAsync();

        await TamperAsync("DELETE FROM audit_entry WHERE seq > 25");

        var problem = await FirstProblemAsync();
        Assert.Equal((26, AuditProblemKind.Truncated), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_DeleteTheUnsealedTail_IsCaughtByTheChainHead()
    {
        await FillAsync();
        for (var i = 0; i < 5; i++)
        {
            await Store.AppendAsync(Lookup(100 + i), CancellationToken.None);
        }

        await TamperAsync("DELETE FROM audit_entry WHERE seq > 32");

        var problem = await FirstProblemAsync();
        Assert.Equal((33, AuditProblemKind.Truncated), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_SwapTheContentsOfTwoEntries_NamesTheEarlierOne()
    {
        await FillAsync();

        // Everything but seq moves, hashes included: each row still carries a self-consistent entry, in the wrong place.
        await TamperAsync("""
            UPDATE audit_entry SET seq = -5 WHERE seq = 5;
            UPDATE audit_entry SET seq = 5 WHERE seq = 9;
            UPDATE audit_entry SET seq = 9 WHERE seq = -5;
            """);

        var problem = await FirstProblemAsync();
        Assert.Equal(5, problem.Seq);
    }

    [Fact]
    public async Task Tamper_SwapTheContentsButKeepEachRowsSeqAndHashes_NamesTheEarlierOne()
    {
        await FillAsync();

        await TamperAsync("""
            UPDATE audit_entry SET action = 'x1', actor = (SELECT actor FROM audit_entry WHERE seq = 14) WHERE seq = 4;
            UPDATE audit_entry SET actor = (SELECT actor FROM audit_entry WHERE seq = 3) WHERE seq = 14;
            UPDATE audit_entry SET action = (SELECT action FROM audit_entry WHERE seq = 14) WHERE seq = 4;
            """);

        var problem = await FirstProblemAsync();
        Assert.Equal((4, AuditProblemKind.Modified), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_RewriteAnEntryAndRecomputeEveryLaterHash_IsCaughtByTheSeal()
    {
        await FillAsync();
        var entries = await Store.ReadEntriesAsync(0, CancellationToken.None).ToListAsync();
        var previous = entries[9].PrevHash;
        await ExecuteAsync(DisableAppendOnlySql);
        foreach (var entry in entries.Skip(9))
        {
            var content = entry.Seq == 10 ? entry.Event with { Actor = "nobody" } : entry.Event;
            var rewritten = AuditChain.Link(previous, entry.Seq, entry.Time, content);
            await ExecuteAsync("UPDATE audit_entry SET actor = @Actor, prev_hash = @PrevHash, hash = @Hash WHERE seq = @Seq",
                new { rewritten.Event.Actor, rewritten.PrevHash, rewritten.Hash, rewritten.Seq });
            previous = rewritten.Hash;
        }

        var problem = await FirstProblemAsync();

        Assert.Equal((20, AuditProblemKind.SealMismatch), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Tamper_AlterASeal_NamesTheSeal()
    {
        await FillAsync();
        var head = await Store.GetHeadAsync(CancellationToken.None);

        await TamperAsync("UPDATE audit_seal SET up_to_seq = 21, hash = (SELECT hash FROM audit_entry WHERE seq = 21) WHERE up_to_seq = 20");

        var problem = await FirstProblemAsync();
        Assert.Equal((21, AuditProblemKind.BadSeal), (problem.Seq, problem.Kind));
        Assert.Equal(Entries, head.Seq);
    }

    [Fact]
    public async Task Tamper_ASealForgedWithAnotherKey_IsNotTrusted()
    {
        await FillAsync();
        using var forger = AuditSigningKey.Generate();

        await Store.SealAsync(forger, CancellationToken.None);

        var problem = await FirstProblemAsync();
        Assert.Equal((Entries, AuditProblemKind.BadSeal), (problem.Seq, problem.Kind));
    }

    [Fact]
    public async Task Seal_NothingNew_AddsNoSeal()
    {
        Assert.Null(await Store.SealAsync(Key, CancellationToken.None));
        await Store.AppendAsync(Lookup(1), CancellationToken.None);
        Assert.NotNull(await Store.SealAsync(Key, CancellationToken.None));

        Assert.Null(await Store.SealAsync(Key, CancellationToken.None));
        Assert.Single(await Store.ListSealsAsync(CancellationToken.None));
    }

    [Fact]
    public async Task GroupCommit_ManyConcurrentAppends_FewerCommitsThanEntriesAndAllPresentAfterReopening()
    {
        const int count = 600;
        var seqs = await Task.WhenAll(Enumerable.Range(1, count).Select(i => Task.Run(() => Store.AppendAsync(Lookup(i), CancellationToken.None).AsTask())));
        var commits = Store.Commits;
        await Store.DisposeAsync();
        await Database.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        Database = Open();
        Store = new AuditStore(Database);
        var stored = await Store.ReadEntriesAsync(0, CancellationToken.None).Select(e => e.Seq).ToListAsync();

        Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), seqs.Order());
        Assert.Equal(seqs.Order(), stored);
        Assert.True(commits < count, $"{commits} commits for {count} entries: appends were not grouped");
        Assert.True((await VerifyAsync()).Ok);
    }

    [Fact]
    public async Task GroupCommit_CommitFails_EveryWaitingAppendFailsAndNoneIsStored()
    {
        await Store.AppendAsync(Lookup(0), CancellationToken.None);
        await ExecuteAsync(InjectCommitFailureSql);

        var appends = Enumerable.Range(1, 200).Select(i => Task.Run(() => Store.AppendAsync(Lookup(i), CancellationToken.None).AsTask())).ToList();
        foreach (var append in appends)
        {
            await Assert.ThrowsAsync<AuditWriteException>(() => append);
        }

        await ExecuteAsync(RemoveCommitFailureSql);
        Assert.Equal(1, (await Store.GetHeadAsync(CancellationToken.None)).Seq);
        Assert.Single(await Store.ReadEntriesAsync(0, CancellationToken.None).ToListAsync());
        // The writer carries on after a failure, and the chain has no gap.
        Assert.Equal(2, await Store.AppendAsync(Lookup(300), CancellationToken.None));
        Assert.True((await VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Append_DetailThatIsNotJson_IsRefusedBeforeEnteringTheChain()
    {
        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(async () => await Store.AppendAsync(new AuditEvent("x", "system", Detail: "not json"), CancellationToken.None));
        Assert.Equal(0, (await Store.GetHeadAsync(CancellationToken.None)).Seq);
    }

    [Fact]
    public async Task Reports_BySubjectAndSummary_CountWhatWasAppended()
    {
        var person = Guid.NewGuid();
        await Store.AppendAsync(new AuditEvent("person.lookup", "bpjs", "jkn", "3201014101900003", Fields: ["name.full"]), CancellationToken.None);
        await Store.AppendAsync(new AuditEvent("person.lookup", "bpjs", "jkn", "3201014101900003", person), CancellationToken.None);
        await Store.AppendAsync(new AuditEvent("identity.merge", "op-1", SubjectPersonId: person), CancellationToken.None);
        await Store.AppendAsync(new AuditEvent("person.lookup", "djp", "pajak", "3201014101900004"), CancellationToken.None);
        var from = DateTimeOffset.UtcNow.AddHours(-1);
        var to = DateTimeOffset.UtcNow.AddHours(1);

        var bySubject = await Store.ListBySubjectAsync("3201014101900003", person, null, null, 100, CancellationToken.None);
        var byNikOnly = await Store.ListBySubjectAsync("3201014101900003", null, from, to, 100, CancellationToken.None);
        var summary = await Store.SummarizeAsync(null, from, to, CancellationToken.None);
        var bpjsOnly = await Store.SummarizeAsync("bpjs", from, to, CancellationToken.None);
        var distinct = await Store.CountDistinctSubjectsAsync(null, from, to, CancellationToken.None);
        var outside = await Store.SummarizeAsync(null, to, to.AddHours(1), CancellationToken.None);

        Assert.Equal([1L, 2, 3], bySubject.Select(e => e.Seq));
        Assert.Equal([1L, 2], byNikOnly.Select(e => e.Seq));
        Assert.Equal(3, summary.Count);
        Assert.Equal(new AuditAccessGroup("bpjs", "person.lookup", "jkn", 2, 1), Assert.Single(bpjsOnly));
        Assert.Equal(1, distinct["bpjs"]);
        Assert.Equal(1, distinct["djp"]);
        Assert.Empty(outside);
    }
}

public sealed class SqliteAuditStoreTests : AuditStoreTests, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "hub-audit-" + Guid.NewGuid().ToString("N"));

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync() => Task.FromResult(new StorageOptions { DataDirectory = _directory });

    protected override string DisableAppendOnlySql => """
        DROP TRIGGER IF EXISTS audit_entry_no_update; DROP TRIGGER IF EXISTS audit_entry_no_delete;
        DROP TRIGGER IF EXISTS audit_seal_no_update; DROP TRIGGER IF EXISTS audit_seal_no_delete;
        """;

    protected override string InjectCommitFailureSql =>
        "CREATE TRIGGER audit_entry_fail BEFORE INSERT ON audit_entry BEGIN SELECT RAISE(ABORT, 'injected failure'); END;";

    protected override string RemoveCommitFailureSql => "DROP TRIGGER audit_entry_fail";

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}

public sealed class PostgresAuditStoreTests : AuditStoreTests
{
    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() => new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };

    protected override string DisableAppendOnlySql => "ALTER TABLE audit_entry DISABLE TRIGGER USER; ALTER TABLE audit_seal DISABLE TRIGGER USER;";

    // A deferred constraint trigger raises at COMMIT: the failure comes from the commit itself, after every insert succeeded.
    protected override string InjectCommitFailureSql => """
        CREATE FUNCTION audit_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected commit failure'; END $$;
        CREATE CONSTRAINT TRIGGER audit_entry_fail AFTER INSERT ON audit_entry DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION audit_fail();
        """;

    protected override string RemoveCommitFailureSql => "DROP TRIGGER audit_entry_fail ON audit_entry; DROP FUNCTION audit_fail();";

    [Fact]
    public async Task TwoNodes_AppendingAtOnce_ExtendOneLinearChain()
    {
        await using var other = new AuditStore(Open());
        var first = Enumerable.Range(1, 300).Select(i => Task.Run(() => Store.AppendAsync(new AuditEvent("a", "node-1"), CancellationToken.None).AsTask()));
        var second = Enumerable.Range(1, 300).Select(i => Task.Run(() => other.AppendAsync(new AuditEvent("b", "node-2"), CancellationToken.None).AsTask()));

        var seqs = await Task.WhenAll(first.Concat(second));

        Assert.Equal(Enumerable.Range(1, 600).Select(i => (long)i), seqs.Order());
        var result = await Store.VerifyAsync([Key.PublicOnly()], CancellationToken.None);
        Assert.True(result.Ok, result.FirstProblem?.Message);
        Assert.Equal(600, result.Entries);
    }
}
