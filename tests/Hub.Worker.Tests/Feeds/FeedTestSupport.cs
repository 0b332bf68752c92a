using System.Collections.Concurrent;
using System.Text.Json;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Feeds;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Worker.Tests.Feeds;

/// <summary>One webhook request as a receiver saw it.</summary>
internal sealed record Receipt(string Id, string Timestamp, string Signature, string Body, long Seq, Guid PersonId, int Phase, int Status);

/// <summary>A receiver's log of every request, in arrival order, and how it answered.</summary>
internal sealed class ReceiverLog
{
    private readonly ConcurrentQueue<Receipt> _receipts = new();

    /// <summary>The test's phase, stamped on every receipt (e.g. 0 before a replay, 1 after).</summary>
    public int Phase { get; set; }

    public IReadOnlyList<Receipt> Receipts => _receipts.ToList();

    /// <summary>A handler that records the request, then answers with <paramref name="status"/>.</summary>
    public RequestDelegate Handler(Func<int> status) => async context =>
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        using var json = JsonDocument.Parse(body);
        var code = status();
        _receipts.Enqueue(new Receipt(
            context.Request.Headers["webhook-id"].ToString(),
            context.Request.Headers["webhook-timestamp"].ToString(),
            context.Request.Headers["webhook-signature"].ToString(),
            body,
            json.RootElement.GetProperty("seq").GetInt64(),
            json.RootElement.GetProperty("personId").GetGuid(),
            Phase,
            code));
        context.Response.StatusCode = code;
    };
}

/// <summary>Policies held in memory for the tests: the access helper's storage is not what these tests are about.</summary>
internal sealed class TestPolicies(params AccessPolicy[] policies) : IAccessPolicyReader
{
    public static AccessPolicy Everything(string client, string purpose) =>
        new("p-" + client, client, purpose, CanonicalFields.All.Select(f => f.Path).ToHashSet(), ChangeEventTypes.All.ToHashSet());

    public Task<AccessPolicy?> FindAsync(string clientId, string purpose, CancellationToken cancellationToken) =>
        Task.FromResult(policies.FirstOrDefault(p => p.ClientId == clientId && p.Purpose == purpose));
}

internal static class FeedTestSupport
{
    /// <summary>
    /// The test receivers listen on http://127.0.0.1, which the webhook address policy refuses by default: tests that
    /// deliver to them allow exactly that, as an operator would allow an on-premise receiver.
    /// </summary>
    public static WebhookAddressOptions LoopbackReceivers() => new() { AllowHttp = true, AllowedNetworks = ["127.0.0.1/32"] };

    public static FeedDeliveryService CreateService(
        HubDatabase database, IAccessPolicyReader policies, FeedDeliveryOptions options, TimeProvider? time = null, WebhookAddressPolicy? addresses = null) =>
        new(database, policies, Options.Create(options), time ?? TimeProvider.System, NullLogger<FeedDeliveryService>.Instance, addresses: addresses);
}
