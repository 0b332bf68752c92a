using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage.Feeds;

namespace IntegrationHub.Storage.Tests.Feeds;

/// <summary>Every subscription's lag in one read, as the metrics scrape uses it, on both engines.</summary>
public abstract partial class FeedContractTests
{
    [Fact]
    public async Task ListLag_CoversEverySubscription_PausedOnesGrowing_AndAgreesWithEachStatus()
    {
        var t0 = Time.GetUtcNow();
        var active = await SubscribeAsync("bpjs");
        var failing = await SubscribeAsync("bpjs");
        var paused = await SubscribeAsync("bpjs");
        var pull = Guid.NewGuid();
        await Database.Feeds.CreateSubscriptionAsync(
            new Subscription(pull, "bpjs", "jaminan-kesehatan", new SubscriptionFilter(new HashSet<string>(), new HashSet<string>()), DeliveryMode.Pull, null, false, t0),
            null,
            CancellationToken.None);
        Assert.True(await Database.Feeds.SetPausedAsync(paused, true, t0, CancellationToken.None));
        await IngestAsync(Siti());
        Time.Advance(TimeSpan.FromHours(1));
        await IngestAsync(Budi());

        // The paused subscription is skipped by the fan-out; the two others get both events queued.
        await Database.Feeds.FanOutAsync(new Policies(("bpjs", [.. ChangeEventTypes.All])), 100, Time.GetUtcNow(), CancellationToken.None);
        var now = Time.GetUtcNow();
        var claims = await Database.Feeds.ClaimAsync("node-a", 10, now, now.AddMinutes(5), CancellationToken.None);
        Assert.Equal(4, claims.Count);
        foreach (var claim in claims.Where(c => c.SubscriptionId == active))
        {
            await Database.Feeds.CompleteAsync(claim, "node-a", DeliveryOutcome.Delivered, 204, null, now, now, CancellationToken.None);
        }

        // The failing one: Siti's event dead-lettered, Budi's still in flight (claimed, not completed).
        var sitiSeq = claims.Min(c => c.Seq);
        await Database.Feeds.CompleteAsync(claims.Single(c => c.SubscriptionId == failing && c.Seq == sitiSeq), "node-a", DeliveryOutcome.Dead, 500, "HTTP 500", now, now, CancellationToken.None);
        Time.Advance(TimeSpan.FromHours(1));

        var lag = (await Database.Feeds.ListLagAsync(CancellationToken.None)).ToDictionary(l => l.SubscriptionId);

        Assert.Equal(new[] { active, failing, paused, pull }.Order(), lag.Keys.Order());
        Assert.Equal(DeliveryMode.Pull, lag[pull].Mode);
        Assert.All([active, failing, paused], id => Assert.Equal(DeliveryMode.Webhook, lag[id].Mode));

        Assert.Equal((false, 0L, 0L, 0L, (DateTimeOffset?)null), (lag[active].Paused, lag[active].LagEvents, lag[active].Pending, lag[active].DeadLetters, lag[active].OldestOwedAt));
        Assert.Equal(0, lag[active].LagSeconds(Time.GetUtcNow()));

        Assert.Equal((false, 1L, 1L, 1L, (DateTimeOffset?)t0.AddHours(1)), (lag[failing].Paused, lag[failing].LagEvents, lag[failing].Pending, lag[failing].DeadLetters, lag[failing].OldestOwedAt));
        Assert.Equal(3600, lag[failing].LagSeconds(Time.GetUtcNow()));

        // Paused: nothing queued, both events owed, the older one (Siti's, at t0) two hours old.
        Assert.Equal((true, 2L, 0L, (DateTimeOffset?)t0), (lag[paused].Paused, lag[paused].LagEvents, lag[paused].Pending, lag[paused].OldestOwedAt));
        Assert.Equal(7200, lag[paused].LagSeconds(Time.GetUtcNow()));

        // Pull: nothing acknowledged yet, so both events are owed, the older one two hours old.
        Assert.Equal((2L, 0L, (DateTimeOffset?)t0), (lag[pull].LagEvents, lag[pull].Pending, lag[pull].OldestOwedAt));

        foreach (var id in new[] { active, failing, paused, pull })
        {
            var status = (await Database.Feeds.GetStatusAsync(id, CancellationToken.None))!;
            Assert.Equal((status.LagEvents, status.Pending, status.DeadLetters), (lag[id].LagEvents, lag[id].Pending, lag[id].DeadLetters));
        }

        // The pull client acknowledges Siti's event: Budi's, an hour old, is all it still owes.
        Assert.True(await Database.Feeds.AcknowledgeAsync(pull, sitiSeq, Time.GetUtcNow(), CancellationToken.None));
        var pulled = (await Database.Feeds.ListLagAsync(CancellationToken.None)).Single(l => l.SubscriptionId == pull);
        Assert.Equal((1L, (DateTimeOffset?)t0.AddHours(1)), (pulled.LagEvents, pulled.OldestOwedAt));
        Assert.Equal(3600, pulled.LagSeconds(Time.GetUtcNow()));
        Assert.Equal((await Database.Feeds.GetStatusAsync(pull, CancellationToken.None))!.LagEvents, pulled.LagEvents);
    }
}
