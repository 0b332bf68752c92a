using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using static IntegrationHub.Api.Tests.Metrics.FeedTestSetup;

namespace IntegrationHub.Api.Tests.Apis;

/// <summary>
/// Webhook security through the real API: a subscription to loopback, internal or metadata addresses is refused by
/// default (400 ProblemDetails saying why); with the allow option set it is accepted and delivered, signed with the
/// secret handed out, which the database holds only encrypted; and a wrong secrets key file stops the hub at start-up.
/// </summary>
public sealed class WebhookSecurityApiTests : IAsyncLifetime, IDisposable
{
    private const string Purpose = "jaminan-kesehatan";
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-webhook-security-").FullName;
    private readonly ConcurrentQueue<(string Id, string Timestamp, string Signature, string Body)> _received = new();
    private WebApplication _receiver = null!;
    private string _receiverUrl = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/hook", async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            _received.Enqueue((context.Request.Headers["webhook-id"].ToString(), context.Request.Headers["webhook-timestamp"].ToString(), context.Request.Headers["webhook-signature"].ToString(), body));
            context.Response.StatusCode = 204;
        });
        await _receiver.StartAsync();
        _receiverUrl = _receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hook";
        await SeedIndexAsync(_directory);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TestDirectory.Delete(_directory);
    }

    [Fact]
    public async Task Create_WebhookToLoopbackInternalOrMetadataAddress_ByDefault_Is400SayingWhy()
    {
        await using var factory = new HubApiFactory(_directory, null);
        await using var host = factory.WithWebHostBuilder(b => b.UseSetting("Hub:Feeds:DeliveryEnabled", "false"));
        using var client = host.CreateClient();

        var cases = new (string Url, string Reason)[]
        {
            (_receiverUrl, "must be https"),
            ("https://127.0.0.1/hook", "127.0.0.1 (loopback)"),
            ("https://localhost/hook", "(loopback)"),
            ("https://[::ffff:127.0.0.1]/hook", "(loopback)"),
            ("https://169.254.169.254/latest/meta-data/", "169.254.169.254 (link-local, cloud metadata included)"),
            ("https://10.0.0.8/hook", "10.0.0.8 (private network)"),
            ("https://100.64.0.8/hook", "(carrier-grade NAT)"),
            ("https://svc:hunter2@bpjs.example/hook", "user name or password"),
        };
        foreach (var (url, reason) in cases)
        {
            using var response = await client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url });

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
            Assert.Contains(reason, detail, StringComparison.Ordinal);
            Assert.StartsWith("url: ", detail, StringComparison.Ordinal);
            Assert.DoesNotContain("hunter2", detail, StringComparison.Ordinal);
        }

        Assert.Empty(await host.Services.GetRequiredService<HubDatabase>().Feeds.ListSubscriptionsAsync(CancellationToken.None));

        // A public name is accepted (it does not resolve here; every connection is checked again when delivering).
        using var accepted = await client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = "https://bpjs.example/hooks" });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Create_LoopbackWithTheAllowOption_IsAccepted_Delivered_AndSignedWithTheSecretStoredEncrypted()
    {
        await using var factory = new HubApiFactory(_directory, null);
        await using var host = factory.WithWebHostBuilder(b => HubApiFactory.AllowLoopbackWebhooks(b)
            .UseSetting("Hub:Feeds:DeliveryEnabled", "true")
            .UseSetting("Hub:Feeds:PollInterval", "00:00:00.050"));
        using var client = host.CreateClient();
        var database = host.Services.GetRequiredService<HubDatabase>();
        await AddSubscriberAsync(database, Purpose);

        using var created = await client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = _receiverUrl });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var document = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = document.GetProperty("secret").GetString()!;
        var id = document.GetProperty("subscriptionId").GetGuid();

        var run = await database.MasterIndex.StartRunAsync("dukcapil", null, CancellationToken.None);
        await database.MasterIndex.ApplyBatchAsync(run.RunId, [Person("3171010301750003", "BUDI SANTOSO", "31")], [], SurvivorshipPolicy.Default, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_received.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var (webhookId, timestamp, signature, body) = Assert.Single(_received);
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}")));
        Assert.Equal(expected, signature);

        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        var stored = await connection.ExecuteScalarAsync<string>("SELECT secret FROM feed_subscription WHERE subscription_id = @Id", new { Id = id.ToString() });
        Assert.StartsWith("v1:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], stored!, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_directory, "secrets.key")));
    }

    [Fact]
    public async Task Startup_WithAnotherSecretsKeyFile_FailsSayingSo_WithoutTheSecret()
    {
        string secret;
        await using (var factory = new HubApiFactory(_directory, null))
        {
            await using var host = factory.WithWebHostBuilder(b => b.UseSetting("Hub:Feeds:DeliveryEnabled", "false"));
            using var client = host.CreateClient();
            using var created = await client.PostAsJsonAsync("/api/v1/subscriptions", new { clientId = "bpjs", purpose = Purpose, delivery = "webhook", url = "https://bpjs.example/hooks" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            secret = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        }

        var keyFile = Path.Combine(_directory, "secrets.key");
        await File.WriteAllBytesAsync(keyFile, RandomNumberGenerator.GetBytes(32));

        await using var restarted = new HubApiFactory(_directory, null);
        var ex = Record.Exception(() => restarted.WithWebHostBuilder(b => b.UseSetting("Hub:Feeds:DeliveryEnabled", "false")).CreateClient());

        Assert.NotNull(ex);
        var text = ex.ToString();
        Assert.Contains($"does not decrypt with the key in {keyFile} (Hub:Secrets:KeyFile)", text, StringComparison.Ordinal);
        Assert.DoesNotContain(secret["whsec_".Length..], text, StringComparison.Ordinal);
    }
}
