using System.Security.Cryptography;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>
/// <c>hub worker</c> on PostgreSQL with <c>Hub:Secrets:KeyFile</c> pointing at a mounted key: started with another
/// key than the one the stored webhook secrets were encrypted with, it exits 2 saying so, before signing anything.
/// </summary>
public sealed class SecretsKeyStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-secrets-key-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Worker_WithAnotherKeyFile_Exits2NamingTheFile_WithoutTheSecret()
    {
        var keyFile = Path.Combine(_directory, "mounted", "secrets.key");
        Directory.CreateDirectory(Path.GetDirectoryName(keyFile)!);
        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var runner = (await HubRunner.OnFreshPostgresAsync()).With(new Dictionary<string, string?> { [HubConfiguration.SecretsKeyFileSetting] = keyFile });
        var storage = runner.Configuration.GetStorageOptions();
        Assert.Equal(keyFile, storage.SecretsKeyFile);
        var secret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var subscription = Guid.NewGuid();
        await using (var database = HubDatabase.Open(storage))
        {
            await database.Migrator.MigrateAsync(CancellationToken.None);
            await database.Feeds.CreateSubscriptionAsync(
                new Subscription(subscription, "bpjs", "jaminan-kesehatan", SubscriptionFilter.Everything, DeliveryMode.Webhook, new Uri("https://bpjs.example/hook"), false, DateTimeOffset.UtcNow),
                secret,
                CancellationToken.None);
        }

        await File.WriteAllTextAsync(keyFile, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        var (exit, _, error) = await runner.RunAsync("worker");

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.Contains($"hub worker cannot start: The webhook secret of subscription {subscription} does not decrypt with the key in {keyFile} (Hub:Secrets:KeyFile)", error, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
