using System.Collections.Concurrent;
using IntegrationHub.Connectors.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Connectors.Tests.Webhooks;

/// <summary>What a test receiver saw in one request.</summary>
internal sealed record ReceivedWebhook(
    string? Id,
    string? Timestamp,
    string? Signature,
    string? ContentType,
    string? Authorization,
    string Body,
    WebhookVerificationResult? Verification);

/// <summary>
/// A real Kestrel receiver on a loopback port. It records every request, verifies it when given a verifier
/// (401 when verification fails, as a real receiver would answer), and otherwise answers with the status
/// <c>respond</c> picks for the n-th request (0-based).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    public static async Task<WebhookReceiver> StartAsync(
        WebhookVerifier? verifier = null, Func<int, int>? respond = null, TimeSpan delay = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        var count = 0;
        app.MapPost("/hook", async (HttpRequest request, CancellationToken cancellationToken) =>
        {
            var n = Interlocked.Increment(ref count) - 1;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken);
            var bytes = buffer.ToArray();
            // Verify the raw bytes, as a careful receiver does, not a re-encoded string.
            var verification = verifier?.Verify(
                request.Headers[WebhookHeaders.Id], request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature], bytes);
            receiver._received.Enqueue(new ReceivedWebhook(
                request.Headers[WebhookHeaders.Id], request.Headers[WebhookHeaders.Timestamp], request.Headers[WebhookHeaders.Signature],
                request.ContentType, request.Headers.Authorization, System.Text.Encoding.UTF8.GetString(bytes), verification));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, cancellationToken);
            }

            if (verification is { IsValid: false })
            {
                return Results.Text(verification.Reason, statusCode: StatusCodes.Status401Unauthorized);
            }

            return Results.StatusCode(respond?.Invoke(n) ?? StatusCodes.Status204NoContent);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.Url = new Uri(address + "/hook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        // A short grace period: a slow-receiver test leaves a request hanging that nobody waits for.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
