using System.Data.Common;
using Dapper;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Feeds;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Storage.Tests.Feeds;

/// <summary>
/// The change feed on a real database: events appended in the master index's own transactions, nothing for unchanged
/// records or rolled-back batches, and the delivery queue's fan-out, per-person ordering, leases and replay.
/// </summary>
public abstract partial class FeedContractTests : IAsyncLifetime
{
    protected const string SitiNik = "3201015205900002";
    protected const string BudiNik = "3201010301750003";
    private static readonly ActorContext s_operator = new("operator-1", "duplicate registration confirmed");
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
    public async Task Ingest_NewPerson_AppendsCreatedEventCarryingTheGoldenRecord()
    {
        await IngestAsync(Siti());

        var change = Assert.Single(await ReadAllAsync());
        Assert.Equal(ChangeEventTypes.Created, change.Type);
        Assert.Equal("SITI AMINAH", change.Person[CanonicalFields.FullName.Path]);
        Assert.Equal("32", change.ProvinceCode);
        var person = await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(SitiNik).Value, CancellationToken.None);
        Assert.Equal(person!.PersonId, change.PersonId);
        Assert.Equal(Time.GetUtcNow(), change.OccurredAt);
    }

    [Fact]
    public async Task Ingest_SameRecordAgain_AppendsNothing()
    {
        await IngestAsync(Siti());
        await IngestAsync(Siti());

        Assert.Single(await ReadAllAsync());
    }

    [Fact]
    public async Task Ingest_ChangedRecord_AppendsUpdatedListingOnlyTheChangedFields()
    {
        await IngestAsync(Siti());
        Time.Advance(TimeSpan.FromHours(1));

        await IngestAsync(Siti(street: "JL. KARTINI 7"));

        var events = await ReadAllAsync();
        Assert.Equal([ChangeEventTypes.Created, ChangeEventTypes.Updated], events.Select(e => e.Type));
        Assert.Equal([CanonicalFields.Street.Path], events[1].ChangedFields);
        Assert.Equal("JL. KARTINI 7", events[1].Person[CanonicalFields.Street.Path]);
        Assert.True(events[1].Seq > events[0].Seq);
    }

    [Fact]
    public async Task Ingest_VitalStatusTurnsDeceased_AppendsUpdatedAndDeceased()
    {
        await IngestAsync(Siti());
        Time.Advance(TimeSpan.FromDays(2));

        await IngestAsync(Siti(deceased: true));

        var events = await ReadAllAsync();
        Assert.Equal([ChangeEventTypes.Created, ChangeEventTypes.Updated, ChangeEventTypes.Deceased], events.Select(e => e.Type));
        Assert.Contains(CanonicalFields.VitalStatus.Path, events[1].ChangedFields);
        Assert.Equal("deceased", events[2].Person[CanonicalFields.VitalStatus.Path]);
    }

    [Fact]
    public async Task Ingest_BatchThatFails_IsRolledBackWithItsEvents()
    {
        await CreateFailingTriggerAsync();
        var run = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);

        // Siti is written (and her person.created collected) before Budi's row makes the database refuse the batch.
        await Assert.ThrowsAnyAsync<DbException>(() =>
            Database.MasterIndex.ApplyBatchAsync(run.RunId, [Siti(), Budi(key: "boom")], [], SurvivorshipPolicy.Default, CancellationToken.None));

        Assert.Empty(await ReadAllAsync());
        Assert.Equal(0, await Database.MasterIndex.CountPersonsAsync(CancellationToken.None));

        // The next batch on a fresh transaction carries no leftovers of the failed one.
        await IngestAsync(Budi());
        var only = Assert.Single(await ReadAllAsync());
        Assert.Equal("BUDI SANTOSO", only.Person[CanonicalFields.FullName.Path]);
    }

    [Fact]
    public async Task Merge_AppendsMergedForBothPersons_AndUnmergeForBoth()
    {
        await IngestAsync(Siti());
        await IngestAsync(Budi());
        var siti = (await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(SitiNik).Value, CancellationToken.None))!.PersonId;
        var budi = (await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(BudiNik).Value, CancellationToken.None))!.PersonId;

        var merge = await Database.Identity.MergeAsync(siti, budi, s_operator, CancellationToken.None);
        await Database.Identity.UnmergeAsync(merge.EventId!.Value, s_operator, CancellationToken.None);

        var events = (await ReadAllAsync()).Skip(2).ToList();
        Assert.Equal(
            [(ChangeEventTypes.Merged, siti, (Guid?)budi), (ChangeEventTypes.Merged, budi, siti), (ChangeEventTypes.Unmerged, siti, budi), (ChangeEventTypes.Unmerged, budi, siti)],
            events.Select(e => (e.Type, e.PersonId, e.OtherPersonId)));
    }

    [Fact]
    public async Task Override_AppendsUpdatedNamingTheField()
    {
        await IngestAsync(Siti());
        var siti = (await Database.MasterIndex.FindPersonByNikAsync(Nik.Parse(SitiNik).Value, CancellationToken.None))!.PersonId;

        await Database.Identity.OverrideFieldAsync(siti, CanonicalFields.Occupation.Path, "GURU", s_operator, CancellationToken.None);

        var last = (await ReadAllAsync())[^1];
        Assert.Equal(ChangeEventTypes.Updated, last.Type);
        Assert.Equal([CanonicalFields.Occupation.Path], last.ChangedFields);
        Assert.Equal("GURU", last.Person[CanonicalFields.Occupation.Path]);
    }

    [Fact]
    public async Task FanOut_QueuesOnlyWhatThePolicyAndFilterAllow_AndNothingWithoutAPolicy()
    {
        var allowed = await SubscribeAsync("bpjs", provinces: ["32"]);
        var otherProvince = await SubscribeAsync("bpjs", provinces: ["31"]);
        var noPolicy = await SubscribeAsync("stranger");
        await IngestAsync(Siti());
        Time.Advance(TimeSpan.FromHours(1));
        await IngestAsync(Siti(street: "JL. KARTINI 7"));

        // The policy lets bpjs receive person.created only.
        var queued = await Database.Feeds.FanOutAsync(new Policies(("bpjs", [ChangeEventTypes.Created])), 100, Time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, queued);
        Assert.Equal(1, (await Database.Feeds.GetStatusAsync(allowed, CancellationToken.None))!.Pending);
        Assert.Equal(0, (await Database.Feeds.GetStatusAsync(otherProvince, CancellationToken.None))!.Pending);
        Assert.Equal(0, (await Database.Feeds.GetStatusAsync(noPolicy, CancellationToken.None))!.Pending);
    }

    [Fact]
    public async Task Claim_KeepsPerPersonOrder_AndALostLeaseIsTakenByAnotherNode()
    {
        var subscription = await SubscribeAsync("bpjs");
        await IngestAsync(Siti());
        await IngestAsync(Budi());
        Time.Advance(TimeSpan.FromHours(1));
        await IngestAsync(Siti(street: "JL. KARTINI 7"));
        await Database.Feeds.FanOutAsync(new Policies(("bpjs", [.. ChangeEventTypes.All])), 100, Time.GetUtcNow(), CancellationToken.None);
        var now = Time.GetUtcNow();

        var first = await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None);
        var second = await Database.Feeds.ClaimAsync("node-b", 10, now, now.AddSeconds(30), CancellationToken.None);

        // Siti's update waits for her creation; Budi's creation goes at once.
        Assert.Equal(2, first.Count);
        Assert.Empty(second);

        // node-a dies holding both. Once the lease runs out, node-b takes them, as attempt 2.
        Time.Advance(TimeSpan.FromSeconds(31));
        now = Time.GetUtcNow();
        var taken = await Database.Feeds.ClaimAsync("node-b", 10, now, now.AddSeconds(30), CancellationToken.None);
        Assert.Equal(first.Select(c => c.DeliveryId), taken.Select(c => c.DeliveryId));
        Assert.All(taken, c => Assert.Equal(2, c.Attempt));

        // node-a comes back and reports its stale attempt: ignored.
        Assert.False(await Database.Feeds.CompleteAsync(first[0], "node-a", DeliveryOutcome.Delivered, 200, null, now, now, CancellationToken.None));
        foreach (var claim in taken)
        {
            Assert.True(await Database.Feeds.CompleteAsync(claim, "node-b", DeliveryOutcome.Delivered, 200, null, now, now, CancellationToken.None));
        }

        var third = await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None);
        var update = Assert.Single(third);
        Assert.True(first.Single(c => c.PersonId == update.PersonId).Seq < update.Seq);

        var attempts = await Database.Feeds.ListAttemptsAsync(subscription, CancellationToken.None);
        Assert.Equal(attempts.Count, attempts.Select(a => (a.DeliveryId, a.Generation, a.Attempt)).Distinct().Count());
        Assert.Contains(attempts, a => a.NodeId == "node-a" && a.Outcome == "lease-lost");
    }

    [Fact]
    public async Task Replay_QueuesDeadLettersAgainAsANewGeneration()
    {
        var subscription = await SubscribeAsync("bpjs");
        await IngestAsync(Siti());
        await Database.Feeds.FanOutAsync(new Policies(("bpjs", [.. ChangeEventTypes.All])), 100, Time.GetUtcNow(), CancellationToken.None);
        var now = Time.GetUtcNow();
        var claim = Assert.Single(await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None));
        await Database.Feeds.CompleteAsync(claim, "node-a", DeliveryOutcome.Dead, 503, "HTTP 503", now, now, CancellationToken.None);
        var status = await Database.Feeds.GetStatusAsync(subscription, CancellationToken.None);
        Assert.Equal((0L, 1L, "HTTP 503"), (status!.Pending, status.DeadLetters, status.LastError));

        var replayed = await Database.Feeds.ReplayAsync(subscription, 0, deadLettersOnly: true, now, CancellationToken.None);

        Assert.Equal(1, replayed);
        var again = Assert.Single(await Database.Feeds.ClaimAsync("node-b", 10, now, now.AddSeconds(30), CancellationToken.None));
        Assert.Equal((claim.DeliveryId, 1, 1), (again.DeliveryId, again.Generation, again.Attempt));
        Assert.Equal(0, (await Database.Feeds.GetStatusAsync(subscription, CancellationToken.None))!.DeadLetters);
    }

    [Fact]
    public async Task PullCursor_AfterAcknowledgesUpToIt_AndTheStatusMeasuresLagFromThere()
    {
        var id = Guid.NewGuid();
        await Database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, "bpjs", "jaminan-kesehatan", SubscriptionFilter.Everything, DeliveryMode.Pull, null, false, Time.GetUtcNow()), null, CancellationToken.None);
        var createdAt = Time.GetUtcNow();
        await IngestAsync(Siti());
        Time.Advance(TimeSpan.FromMinutes(5));
        await IngestAsync(Budi());
        var events = await ReadAllAsync();
        Assert.True(events.Count >= 2);

        // Nothing consumed yet: every event since the subscription began is owed, the oldest from the first ingest.
        var status = (await Database.Feeds.GetStatusAsync(id, CancellationToken.None))!;
        Assert.True(status.IsPull);
        Assert.Equal(events.Count, status.LagEvents);
        Assert.Equal(createdAt, status.OldestPendingAt);
        Assert.Null(status.ConsumedAt);

        // The client asks for the events after the first one: everything up to it is acknowledged.
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True(await Database.Feeds.AcknowledgeAsync(id, events[0].Seq, Time.GetUtcNow(), CancellationToken.None));
        status = (await Database.Feeds.GetStatusAsync(id, CancellationToken.None))!;
        Assert.Equal(events.Count - 1, status.LagEvents);
        Assert.Equal(events[0].Seq, status.ConsumedSeq);
        Assert.Equal(Time.GetUtcNow(), status.ConsumedAt);
        Assert.Equal(events[1].OccurredAt, status.OldestPendingAt);

        // Re-reading from the start does not move the position back.
        Assert.False(await Database.Feeds.AcknowledgeAsync(id, 0, Time.GetUtcNow(), CancellationToken.None));
        Assert.Equal(events[0].Seq, (await Database.Feeds.GetStatusAsync(id, CancellationToken.None))!.ConsumedSeq);

        // Caught up: no lag in events or time.
        Assert.True(await Database.Feeds.AcknowledgeAsync(id, events[^1].Seq, Time.GetUtcNow(), CancellationToken.None));
        status = (await Database.Feeds.GetStatusAsync(id, CancellationToken.None))!;
        Assert.Equal(0, status.LagEvents);
        Assert.Null(status.OldestPendingAt);

        // A webhook subscription has no client position to move.
        var webhook = await SubscribeAsync("bpjs");
        Assert.False(await Database.Feeds.AcknowledgeAsync(webhook, events[^1].Seq, Time.GetUtcNow(), CancellationToken.None));
    }

    [Fact]
    public async Task Claim_TakesOnlyTheFrontOfEachPersonsLine_AndRepairMarksFrontsLeftUnmarked()
    {
        var subscription = await SubscribeAsync("bpjs");
        await IngestAsync(Siti());
        await IngestAsync(Siti(street: "JL. BARU 2"));
        await IngestAsync(Budi());
        await Database.Feeds.FanOutAsync(new Policies(("bpjs", [.. ChangeEventTypes.All])), 100, Time.GetUtcNow(), CancellationToken.None);

        // As a race between nodes could leave them: no delivery marked as the front of its line.
        await using (var connection = await Database.OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("UPDATE feed_delivery SET head = 0");
        }

        var now = Time.GetUtcNow();
        Assert.Empty(await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None));

        Assert.True(await Database.Feeds.RepairHeadsAsync(CancellationToken.None) >= 2);
        var claims = await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None);

        // One per person, each the person's earliest waiting event.
        Assert.Equal(claims.Count, claims.Select(c => c.PersonId).Distinct().Count());
        Assert.Equal(2, claims.Count);
        var siti = claims.Single(c => c.Seq == claims.Min(x => x.Seq));

        // A retried front keeps its place; a delivered one passes the line to the person's next event.
        await Database.Feeds.CompleteAsync(siti, "node-a", DeliveryOutcome.Retry, 503, "HTTP 503", now.AddMinutes(1), now, CancellationToken.None);
        Assert.DoesNotContain(await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddSeconds(30), CancellationToken.None), c => c.PersonId == siti.PersonId);
        var again = Assert.Single(await Database.Feeds.ClaimAsync("node-a", 10, now.AddMinutes(2), now.AddMinutes(3), CancellationToken.None), c => c.PersonId == siti.PersonId);
        Assert.Equal(siti.DeliveryId, again.DeliveryId);
        await Database.Feeds.CompleteAsync(again, "node-a", DeliveryOutcome.Delivered, 204, null, now, now.AddMinutes(2), CancellationToken.None);
        var next = Assert.Single(await Database.Feeds.ClaimAsync("node-a", 10, now.AddMinutes(2), now.AddMinutes(3), CancellationToken.None), c => c.PersonId == siti.PersonId);
        Assert.True(next.Seq > siti.Seq);
        Assert.NotNull(await Database.Feeds.GetStatusAsync(subscription, CancellationToken.None));
    }

    protected async Task<IReadOnlyList<ChangeEvent>> ReadAllAsync() => await Database.Feeds.ReadAsync(0, 1000, CancellationToken.None);

    protected async Task IngestAsync(SourceRecord record)
    {
        var run = await Database.MasterIndex.StartRunAsync(record.Source, null, CancellationToken.None);
        await Database.MasterIndex.ApplyBatchAsync(run.RunId, [record], [], SurvivorshipPolicy.Default, CancellationToken.None);
        await Database.MasterIndex.FinishRunAsync(run.RunId, RunStatus.Succeeded, null, CancellationToken.None);
    }

    protected async Task<Guid> SubscribeAsync(string client, string[]? provinces = null)
    {
        var id = Guid.NewGuid();
        var filter = new SubscriptionFilter(new HashSet<string>(), (provinces ?? []).ToHashSet());
        await Database.Feeds.CreateSubscriptionAsync(
            new Subscription(id, client, "jaminan-kesehatan", filter, DeliveryMode.Webhook, new Uri("http://127.0.0.1:9/hook"), false, Time.GetUtcNow()),
            "whsec_" + Convert.ToBase64String(new byte[24]),
            CancellationToken.None);
        return id;
    }

    // A trigger that makes the database refuse the source record keyed "boom": a real failure inside the batch.
    protected abstract string FailingTriggerSql { get; }

    private async Task CreateFailingTriggerAsync()
    {
        await using var connection = await Database.OpenConnectionAsync(CancellationToken.None);
        await connection.ExecuteAsync(FailingTriggerSql);
    }

    protected static SourceRecord Siti(string street = "JL. MERDEKA NO. 1", bool deceased = false) =>
        Record(SitiNik, SitiNik, "SITI AMINAH", "1990-05-12", "female", street, deceased);

    protected static SourceRecord Budi(string? key = null) =>
        Record(key ?? BudiNik, BudiNik, "BUDI SANTOSO", "1975-01-03", "male", "JL. SUDIRMAN 5", false);

    private static SourceRecord Record(string key, string nik, string name, string birthDate, string sex, string street, bool deceased)
    {
        var builder = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.NormalisedName, name, "name-normalise")
            .Set(CanonicalFields.BirthDate, birthDate, "birthDate")
            .Set(CanonicalFields.Sex, sex, "sex")
            .Set(CanonicalFields.Street, street, "street")
            .Set(CanonicalFields.ProvinceCode, "32", "province")
            .Set(CanonicalFields.RegencyCode, "3201", "regency")
            .Set(CanonicalFields.VitalStatus, deceased ? "deceased" : "alive", "status");
        if (deceased)
        {
            builder.Set(CanonicalFields.DateOfDeath, "2026-11-20", "dateOfDeath");
        }

        return new SourceRecord("dukcapil", key, Nik.Parse(nik).Value, builder.Build(), null, null) { IsIdentityAuthority = true };
    }

    /// <summary>Policies held in memory: the access helper's storage is not what these tests are about.</summary>
    protected sealed class Policies(params (string Client, string[] Types)[] policies) : IAccessPolicyReader
    {
        public Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken) =>
            Task.FromResult(policies.Where(p => p.Client == clientId)
                .Select(p => (AccessPolicy?)new AccessPolicy("p-" + clientId, clientId, purpose, CanonicalFields.All.Select(f => f.Path).ToHashSet(), p.Types.ToHashSet()))
                .FirstOrDefault());
    }
}

/// <summary>The change feed on SQLite.</summary>
public sealed class SqliteFeedTests : FeedContractTests, IDisposable
{
    private string? _directory;

    protected override string FailingTriggerSql => """
        CREATE TRIGGER refuse_boom BEFORE INSERT ON source_record WHEN NEW.source_key = 'boom'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
        """;

    protected override Task<StorageOptions> CreateEmptyDatabaseAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "hub-feeds-" + Guid.NewGuid().ToString("N"));
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
            // Still open in a pool; the OS temp cleaner will take it.
        }
    }
}
