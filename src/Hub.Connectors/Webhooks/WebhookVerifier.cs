using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// Verifies a Standard Webhooks delivery: the three headers are present, the timestamp is within
/// <see cref="Tolerance"/> of now (either way, which stops replays), and at least one <c>v1</c> signature in
/// <c>webhook-signature</c> matches the HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> under one of the configured
/// secrets (compared in constant time). Configure several secrets while rotating; the hub signs with both.
/// </summary>
/// <example>
/// A receiver (ASP.NET Core minimal API) verifies the raw body before parsing it, and uses the id to drop repeats:
/// <code>
/// var verifier = new WebhookVerifier([WebhookSecret.Parse(Environment.GetEnvironmentVariable("HUB_WEBHOOK_SECRET")!)]);
/// app.MapPost("/hub-events", async (HttpRequest request, CancellationToken ct) =>
/// {
///     var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(ct);
///     var result = verifier.Verify(name => request.Headers[name], body);
///     if (!result.IsValid) return Results.Unauthorized();   // log result.Reason: it never contains the secret
///     if (AlreadyProcessed(result.MessageId!)) return Results.NoContent();   // at-least-once: repeats happen
///     Process(body);
///     return Results.NoContent();
/// });
/// </code>
/// </example>
public sealed class WebhookVerifier
{
    /// <summary>The default tolerance for the timestamp: 5 minutes either way.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private readonly WebhookSecret[] _secrets;
    private readonly TimeProvider _timeProvider;
    private readonly long _toleranceSeconds;

    /// <summary>Creates a verifier.</summary>
    /// <param name="secrets">The secrets to accept, at least one (during a rotation, the old and the new).</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way. Default: <see cref="DefaultTolerance"/> (5 minutes).</param>
    /// <param name="timeProvider">The clock. Default: <see cref="TimeProvider.System"/>.</param>
    public WebhookVerifier(IEnumerable<WebhookSecret> secrets, TimeSpan? tolerance = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = [.. secrets];
        if (_secrets.Length == 0 || Array.Exists(_secrets, s => s is null))
        {
            throw new ArgumentException("Give at least one secret, and no null ones.", nameof(secrets));
        }

        Tolerance = tolerance ?? DefaultTolerance;
        ArgumentOutOfRangeException.ThrowIfLessThan(Tolerance, TimeSpan.FromSeconds(1), nameof(tolerance));
        _toleranceSeconds = (long)Tolerance.TotalSeconds;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How far the timestamp may be from now, either way.</summary>
    public TimeSpan Tolerance { get; }

    /// <summary>Verifies a delivery, reading the headers through <paramref name="header"/> (e.g. <c>name =&gt; request.Headers[name]</c>).</summary>
    /// <param name="header">Returns a header's value by name, or <see langword="null"/> when absent.</param>
    /// <param name="body">The request body exactly as received.</param>
    public WebhookVerificationResult Verify(Func<string, string?> header, string body)
    {
        ArgumentNullException.ThrowIfNull(header);
        return Verify(header(WebhookHeaders.Id), header(WebhookHeaders.Timestamp), header(WebhookHeaders.Signature), body);
    }

    /// <summary>Verifies a delivery from its three header values and its body as text (signed as UTF-8).</summary>
    /// <param name="messageId">The <c>webhook-id</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="signature">The <c>webhook-signature</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="body">The request body exactly as received.</param>
    public WebhookVerificationResult Verify(string? messageId, string? timestamp, string? signature, string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(messageId, timestamp, signature, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Verifies a delivery from its three header values and its raw body bytes (the safest input: no re-encoding).</summary>
    /// <param name="messageId">The <c>webhook-id</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="signature">The <c>webhook-signature</c> header, or <see langword="null"/> when absent.</param>
    /// <param name="body">The request body's bytes exactly as received.</param>
    public WebhookVerificationResult Verify(string? messageId, string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        var missing = new List<string>(3);
        if (string.IsNullOrEmpty(messageId))
        {
            missing.Add(WebhookHeaders.Id);
        }

        if (string.IsNullOrEmpty(timestamp))
        {
            missing.Add(WebhookHeaders.Timestamp);
        }

        if (string.IsNullOrEmpty(signature))
        {
            missing.Add(WebhookHeaders.Signature);
        }

        if (missing.Count > 0)
        {
            return WebhookVerificationResult.Invalid(WebhookVerificationFailure.MissingHeader, $"Missing header: {string.Join(", ", missing)}.");
        }

        // Digits only: no sign, no fraction, no exponent, whatever the receiver's culture.
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WebhookVerificationResult.Invalid(WebhookVerificationFailure.InvalidTimestamp, "The webhook-timestamp header is not a whole number of Unix seconds.");
        }

        // The timestamp is checked before the signature so a replayed, correctly signed message is refused as a replay.
        var age = _timeProvider.GetUtcNow().ToUnixTimeSeconds() - seconds;
        if (age > _toleranceSeconds)
        {
            return WebhookVerificationResult.Invalid(WebhookVerificationFailure.TimestampTooOld, string.Create(CultureInfo.InvariantCulture,
                $"The webhook-timestamp is {age} s old; at most {_toleranceSeconds} s is accepted (a replayed or delayed message, or a wrong clock)."));
        }

        if (-age > _toleranceSeconds)
        {
            return WebhookVerificationResult.Invalid(WebhookVerificationFailure.TimestampTooNew, string.Create(CultureInfo.InvariantCulture,
                $"The webhook-timestamp is {-age} s in the future; at most {_toleranceSeconds} s is accepted (a wrong clock on one side)."));
        }

        var content = WebhookSigner.SignedContent(messageId!, seconds, body);
        var expected = Array.ConvertAll(_secrets, s => s.ComputeHmac(content));
        var candidates = 0;
        Span<byte> given = stackalloc byte[64];
        foreach (var entry in signature!.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            // Other versions (or garbage) are skipped, not fatal: a sender may add schemes this verifier does not know.
            if (comma < 0 || !entry.AsSpan(0, comma).SequenceEqual(WebhookSigner.Version))
            {
                continue;
            }

            candidates++;
            if (!Convert.TryFromBase64Chars(entry.AsSpan(comma + 1), given, out var length))
            {
                continue;
            }

            foreach (var hmac in expected)
            {
                // Constant time, so response timing leaks nothing about how much of a forged signature was right.
                if (CryptographicOperations.FixedTimeEquals(hmac, given[..length]))
                {
                    return WebhookVerificationResult.Valid(messageId!, DateTimeOffset.FromUnixTimeSeconds(seconds));
                }
            }
        }

        return WebhookVerificationResult.Invalid(WebhookVerificationFailure.NoMatchingSignature, candidates == 0
            ? "The webhook-signature header has no v1 signature."
            : string.Create(CultureInfo.InvariantCulture,
                $"None of the {candidates} v1 signature(s) matches any of the {_secrets.Length} configured secret(s): a wrong secret, or an altered id, timestamp or body."));
    }
}
