using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Metrics;

/// <summary>What the feed metrics tests set up alike: a seeded index and a subscriber client with its policy.</summary>
internal static class FeedTestSetup
{
    /// <summary>
    /// Migrates the hub database in <paramref name="directory"/> and ingests one person. A seeded index is not empty,
    /// so the hub does not ingest its samples at start: the events the test sees are its own.
    /// </summary>
    public static async Task SeedIndexAsync(string directory)
    {
        await using var database = HubDatabase.Open(new StorageOptions { DataDirectory = directory });
        await database.Migrator.MigrateAsync(CancellationToken.None);
        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(run.RunId, [Person("3201015205900002", "SITI AMINAH", "32")], [], SurvivorshipPolicy.Default, CancellationToken.None);
    }

    /// <summary>Starts a webhook receiver on a free loopback port with the routes <paramref name="map"/> adds; returns it and its base address.</summary>
    public static async Task<(WebApplication App, string Url)> StartReceiverAsync(Action<WebApplication> map)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    /// <summary>Creates the subscriber client <c>bpjs</c> with a policy for <paramref name="purpose"/> (full name, person.created).</summary>
    public static async Task AddSubscriberAsync(HubDatabase database, string purpose)
    {
        await database.Access.CreateClientAsync("bpjs", "BPJS Kesehatan", [HubRole.Subscriber], null, CancellationToken.None);
        await database.Access.SetPolicyAsync("bpjs", purpose, ["name.full"], ["person.created"], CancellationToken.None);
    }

    /// <summary>A Dukcapil record of one person.</summary>
    public static SourceRecord Person(string nik, string name, string province)
    {
        var canonical = CanonicalRecord.CreateBuilder()
            .Set(CanonicalFields.Nik, nik, "nik")
            .Set(CanonicalFields.FullName, name, "name")
            .Set(CanonicalFields.ProvinceCode, province, "province")
            .Build();
        return new SourceRecord("dukcapil", nik, Nik.Parse(nik).Value, canonical, null, null) { IsIdentityAuthority = true };
    }
}
