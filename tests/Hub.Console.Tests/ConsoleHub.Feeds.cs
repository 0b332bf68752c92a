using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Feed subscriptions for the subscriptions page: a subscriber client with a policy, created through the real admin
/// API, changes to persons made with the real <c>hub ingest</c>, and a webhook receiver on loopback that can be down.
/// The hub gives up on a delivery after two quick attempts here, so that a dead letter appears within seconds.
/// </summary>
public sealed partial class ConsoleHub
{
    /// <summary>
    /// Webhook delivery settings for the test hub: two attempts, short back-off, and the test receivers on
    /// http://127.0.0.1 allowed (webhooks may not reach loopback or plain http unless an operator allows them).
    /// </summary>
    private static readonly (string Name, string Value)[] FeedSettings =
    [
        ("Hub__Feeds__MaxAttempts", "2"),
        ("Hub__Feeds__BackoffBase", "00:00:00.200"),
        ("Hub__Feeds__BackoffMax", "00:00:01"),
        ("Hub__Feeds__RequestTimeout", "00:00:05"),
        ("Hub__Feeds__Webhooks__AllowHttp", "true"),
        ("Hub__Feeds__Webhooks__AllowedNetworks__0", "127.0.0.1/32"),
    ];

    private int _changes;

    /// <summary>The purpose subscriber clients' policies and subscriptions name.</summary>
    public const string FeedPurpose = "jaminan-kesehatan";

    /// <summary>Creates a subscriber client whose policy for <see cref="FeedPurpose"/> lets every event type and a name through.</summary>
    public async Task CreateSubscriberAsync(string clientId)
    {
        using var created = await Http.PostAsJsonAsync("/api/v1/admin/clients", new { clientId, name = clientId, roles = new[] { "subscriber" } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        using var policy = await Http.PutAsJsonAsync($"/api/v1/admin/policies/{clientId}/{FeedPurpose}", new
        {
            fields = new[] { "name.full", "address.street" },
            eventTypes = new[] { "person.created", "person.updated", "person.deceased", "person.linked", "person.unlinked", "person.merged", "person.unmerged", "person.retired" },
        });
        Assert.True(policy.IsSuccessStatusCode, await policy.Content.ReadAsStringAsync());
    }

    /// <summary>Creates a webhook subscription through the admin API; returns its id.</summary>
    public async Task<string> CreateWebhookSubscriptionAsync(string clientId, Uri url)
    {
        using var created = await Http.PostAsJsonAsync("/api/v1/subscriptions", new { clientId, purpose = FeedPurpose, delivery = "webhook", url });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return (string)(await created.Content.ReadFromJsonAsync<JsonObject>())!["subscriptionId"]!;
    }

    /// <summary>A subscription's status as the API reports it.</summary>
    public async Task<JsonObject> SubscriptionStatusAsync(string id) =>
        (await Http.GetFromJsonAsync<JsonObject>($"/api/v1/subscriptions/{id}/status"))!;

    /// <summary>
    /// Changes a sample person's street with the real <c>hub ingest</c> (a newer Dukcapil row), so that the feed gains a
    /// person.updated event. Each call writes another street.
    /// </summary>
    public async Task ChangeAPersonAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "samples", "dukcapil", "biodata-sample.csv"));
        var change = Interlocked.Increment(ref _changes);
        var fields = await AcceptedSampleRowAsync(lines);
        fields[11] = $"JL. UJI UMPAN NO. {change}"; // ALAMAT
        fields[21] = $"2026-11-{10 + change:00} 08:00:00"; // TGL_UPDATE: newer than the sample's
        var file = Path.Combine(_directory, $"feed-change-{change}.csv");
        await File.WriteAllLinesAsync(file, [lines[0], string.Join(';', fields)]);
        var output = await RunHubAsync(["ingest", "--source", "dukcapil", file]);
        Assert.Contains("read 1, accepted 1", output, StringComparison.Ordinal);
    }

    // A sample row the hub accepted (the sample is broken on purpose in a few rows), away from the rows other tests use.
    private async Task<string[]> AcceptedSampleRowAsync(string[] lines)
    {
        foreach (var line in lines.Skip(20))
        {
            var fields = line.Split(';');
            if (fields.Length != 22 || fields[0].Length != 16 || !fields[0].All(char.IsAsciiDigit))
            {
                continue;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/persons/{fields[0]}");
            request.Headers.Add("X-Purpose", "admin-ops");
            using var response = await Http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return fields;
            }
        }

        throw new InvalidOperationException("No accepted row found in the Dukcapil sample.");
    }

    /// <summary>A loopback port nothing listens on (for now): a receiver that is down.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A webhook receiver on loopback: answers 204 to every POST and keeps the bodies it got.</summary>
public sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<string> _bodies = [];
    private readonly Task _loop;

    public WebhookReceiver(int port)
    {
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The bodies received so far.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>Waits (bounded) until a body satisfies <paramref name="match"/>; returns it.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Bodies.FirstOrDefault(match) is { } body)
            {
                return body;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The receiver got no matching delivery within {timeout}; it got {Bodies.Count}: {string.Join(" | ", Bodies)}");
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                var body = await reader.ReadToEndAsync();
                lock (_bodies)
                {
                    _bodies.Add(body);
                }
            }

            context.Response.StatusCode = 204;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
