using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WebhookReceiver;

/// <summary>
/// Verifies a Standard Webhooks request the way docs/feeds.md describes, step by step, with nothing but the
/// base class library: the signature over <c>{webhook-id}.{webhook-timestamp}.{body}</c>, the timestamp's age, and
/// duplicates by <c>webhook-id</c>.
/// </summary>
public sealed class StandardWebhookVerifier
{
    private readonly List<byte[]> _keys;
    private readonly TimeSpan _tolerance;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);

    /// <param name="secrets">The subscription's secret(s), <c>whsec_&lt;base64&gt;</c>; during a rotation, both.</param>
    /// <param name="tolerance">How far the timestamp may be from now, either way (5 minutes is usual).</param>
    public StandardWebhookVerifier(IEnumerable<string> secrets, TimeSpan tolerance)
    {
        _keys = secrets.Select(s => s.StartsWith("whsec_", StringComparison.Ordinal)
            ? Convert.FromBase64String(s["whsec_".Length..])
            : throw new ArgumentException("A secret starts with whsec_.", nameof(secrets))).ToList();
        _tolerance = tolerance;
    }

    /// <summary>What became of one request.</summary>
    public enum Result
    {
        /// <summary>Signed, fresh and new: process it, then answer 2xx.</summary>
        Accepted,

        /// <summary>Signed and fresh, but this webhook-id was processed before (a retry): answer 2xx, do nothing.</summary>
        Duplicate,

        /// <summary>A header is missing or malformed: answer 400.</summary>
        Malformed,

        /// <summary>The timestamp is outside the tolerance (a replayed capture?): answer 400.</summary>
        Stale,

        /// <summary>No signature matches any secret: answer 401.</summary>
        BadSignature,
    }

    public Result Verify(string? id, string? timestamp, string? signatureHeader, byte[] body, DateTimeOffset now)
    {
        // 1. All three headers present; the timestamp is whole Unix seconds.
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(signatureHeader) || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Result.Malformed;
        }

        // 2. The timestamp is recent: a captured request cannot be sent again later.
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > _tolerance)
        {
            return Result.Stale;
        }

        // 3. The signed content: id, ".", timestamp, ".", then the body's exact bytes (never re-serialised JSON).
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content, prefix.Length);

        // 4. Any "v1,<base64>" entry of the space-separated header that equals HMAC-SHA256(key, content) under any
        //    secret, compared in constant time.
        var expected = _keys.Select(k => HMACSHA256.HashData(k, content)).ToList();
        var valid = signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Select(s => TryBase64(s[3..]))
            .Any(given => given is not null && expected.Any(e => CryptographicOperations.FixedTimeEquals(e, given)));
        if (!valid)
        {
            return Result.BadSignature;
        }

        // 5. Deduplicate by webhook-id: a retry carries the same id. Ids older than the tolerance can be forgotten,
        //    because their requests would now be refused as stale anyway.
        foreach (var old in _seen.Where(kv => now - kv.Value > _tolerance * 2).Select(kv => kv.Key).ToList())
        {
            _seen.Remove(old);
        }

        return _seen.TryAdd(id, now) ? Result.Accepted : Result.Duplicate;
    }

    private static byte[]? TryBase64(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) ? buffer[..length] : null;
    }
}
