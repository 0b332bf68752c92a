using Dapper;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Storage.Tests.Feeds;

/// <summary>The change feed on PostgreSQL, plus what only PostgreSQL's concurrent writers can get wrong.</summary>
public sealed class PostgresFeedTests : FeedContractTests
{
    protected override string FailingTriggerSql => """
        CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.source_key = 'boom' THEN RAISE EXCEPTION 'refused by the test'; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER refuse_boom BEFORE INSERT ON source_record FOR EACH ROW EXECUTE FUNCTION refuse_boom();
        """;

    protected override async Task<StorageOptions> CreateEmptyDatabaseAsync() =>
        new() { PostgresConnectionString = await PostgresServer.CreateDatabaseAsync() };

    [Fact]
    public async Task Append_WhileAnEarlierTransactionHoldsItsSequenceSlot_WaitsSoAReaderNeverSkipsAnEvent()
    {
        // A transaction that has started appending (it holds the append lock, as FlushChangesAsync does) but not committed.
        await using var slow = await Database.OpenConnectionAsync(CancellationToken.None);
        await using var slowTransaction = await slow.BeginTransactionAsync();
        await ChangeFeedWriter.LockAsync(slow, slowTransaction, CancellationToken.None);
        var slowSeq = await slow.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO change_event (event_id, type, person_id, person, occurred_at)
            VALUES (gen_random_uuid(), 'person.updated', gen_random_uuid(), '{}'::jsonb, now()) RETURNING seq
            """,
            transaction: slowTransaction));

        // Meanwhile an ingest batch commits a change: its append must wait behind the slow transaction.
        var ingest = IngestAsync(Siti());
        var finishedFirst = await Task.WhenAny(ingest, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.NotSame(ingest, finishedFirst);

        // A reader polling now sees nothing past the slow transaction's slot, so its cursor cannot jump over it.
        Assert.Empty(await ReadAllAsync());

        await slowTransaction.CommitAsync();
        await ingest;
        var events = await ReadAllAsync();
        Assert.Equal(2, events.Count);
        Assert.Equal(slowSeq, events[0].Seq);
        Assert.Equal(ChangeEventTypes.Created, events[1].Type);
    }

    [Fact]
    public async Task ConcurrentBatches_ReaderFollowingWithACursor_SeesEveryEventOnce()
    {
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
            {
                var nik = $"320101{(10 + (w * 15) + i) % 28 + 1:00}0590{w * 100 + i + 1:0000}";
                var run = await Database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
                await Database.MasterIndex.ApplyBatchAsync(run.RunId, [Person(nik, w, i)], [], SurvivorshipPolicy.Default, CancellationToken.None);
            }
        })).ToArray();

        var seen = new List<long>();
        long cursor = 0;
        var all = Task.WhenAll(writers);
        while (true)
        {
            var done = all.IsCompleted;
            foreach (var change in await Database.Feeds.ReadAsync(cursor, 100, CancellationToken.None))
            {
                seen.Add(change.Seq);
                cursor = change.Seq;
            }

            if (done)
            {
                break;
            }
        }

        await all;
        var stored = (await Database.Feeds.ReadAsync(0, 10_000, CancellationToken.None)).Select(e => e.Seq).ToList();
        Assert.Equal(60, stored.Count);
        Assert.Equal(stored, seen);
    }

    private static SourceRecord Person(string nik, int writer, int index)
    {
        var canonical = IntegrationHub.Core.Canonical.CanonicalRecord.CreateBuilder()
            .Set(IntegrationHub.Core.Canonical.CanonicalFields.Nik, nik, "nik")
            .Set(IntegrationHub.Core.Canonical.CanonicalFields.FullName, $"ORANG {writer} {index} {Guid.NewGuid():N}", "name")
            .Set(IntegrationHub.Core.Canonical.CanonicalFields.ProvinceCode, "32", "province")
            .Build();
        return new SourceRecord("dukcapil", nik, IntegrationHub.Core.Identity.Nik.Parse(nik).Value, canonical, null, null) { IsIdentityAuthority = true };
    }
}
