using IntegrationHub.Core.Access;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Tests.Cli;

/// <summary><c>hub clients</c> and <c>hub policies</c> against a real SQLite database.</summary>
public sealed class AccessCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-cli-access-").FullName;

    [Fact]
    public async Task ClientsAndPolicies_CreateRotateSetShowRevoke_PrintTheKeyOnceAndStoreOnlyItsDigest()
    {
        var hub = HubRunner.OnSqlite(_directory);

        var created = await hub.RunAsync("clients", "create", "dinsos-bandung", "--role", "subscriber", "--role", "auditor", "--expires", "2030-01-01");
        Assert.Equal(0, created.Exit);
        var key = created.Out.Trim().Split('\n')[^1].Trim();
        Assert.True(ApiKeys.TryParse(key, out var keyId, out _));

        var policy = await hub.RunAsync("policies", "set", "dinsos-bandung", "bansos-eligibility", "--fields", "name.full,birthDate", "--fields", "vital.status");
        Assert.Equal(0, policy.Exit);
        var rotated = await hub.RunAsync("clients", "rotate", "dinsos-bandung", "--overlap", "2h");
        Assert.Equal(0, rotated.Exit);
        var show = await hub.RunAsync("clients", "show", "dinsos-bandung");

        Assert.Contains("roles subscriber,auditor", show.Out, StringComparison.Ordinal);
        Assert.Contains("key " + keyId, show.Out, StringComparison.Ordinal);
        Assert.Contains("policy bansos-eligibility: fields birthDate,name.full,vital.status", show.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(key, show.Out, StringComparison.Ordinal);

        await using (var database = HubDatabase.Open(hub.Configuration.GetStorageOptions()))
        {
            var stored = await database.Access.FindCredentialAsync(keyId, CancellationToken.None);
            Assert.NotNull(stored);
            // Created to expire in 2030; the rotation's 2-hour overlap brought that forward.
            Assert.InRange(stored.Key.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddHours(1.9), DateTimeOffset.UtcNow.AddHours(2.1));
            Assert.True(stored.Key.IsActive(DateTimeOffset.UtcNow));
        }

        Assert.Equal(0, (await hub.RunAsync("clients", "revoke", "dinsos-bandung")).Exit);
        Assert.Contains("revoked", (await hub.RunAsync("clients", "list")).Out, StringComparison.Ordinal);
        Assert.Equal(0, (await hub.RunAsync("policies", "remove", "dinsos-bandung", "bansos-eligibility")).Exit);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData("clients", "create", "Bad Id", "--role", "admin")]
    [InlineData("clients", "create", "ok-id", "--role", "superuser")]
    [InlineData("clients", "create", "ok-id", "--role", "admin", "--expires", "someday")]
    [InlineData("clients", "rotate", "nobody")]
    [InlineData("clients", "revoke", "nobody")]
    [InlineData("clients", "show", "nobody")]
    [InlineData("policies", "set", "nobody", "bansos", "--fields", "name.full")]
    [InlineData("policies", "remove", "nobody", "bansos")]
    public async Task BadInput_ExitsWith2AndSaysWhy(params string[] args)
    {
        var hub = HubRunner.OnSqlite(_directory);

        var (exit, output, error) = await hub.RunAsync(args);

        Assert.Equal(2, exit);
        Assert.StartsWith("hub: ", error, StringComparison.Ordinal);
        Assert.DoesNotContain("hub_", output, StringComparison.Ordinal);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
