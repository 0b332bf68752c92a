using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// A Standard Webhooks signing secret: <c>whsec_</c> followed by the base64 of a random key of
/// <see cref="MinKeyBytes"/> to <see cref="MaxKeyBytes"/> bytes. The same secret is held by the hub (to sign)
/// and by the receiving agency (to verify).
/// </summary>
/// <remarks>
/// <see cref="ToString"/> never shows the key, so a secret that ends up in a log line, an exception or a debugger
/// display stays secret; it shows a short <see cref="Fingerprint"/> instead, enough to tell the old and the new
/// secret apart during a rotation. <see cref="Reveal"/> is the only way to get the text back, to hand it to the
/// subscriber once.
/// </remarks>
public sealed class WebhookSecret
{
    /// <summary>The prefix every secret's text starts with: <c>whsec_</c>.</summary>
    public const string Prefix = "whsec_";

    /// <summary>The shortest key accepted, in bytes (24; the Standard Webhooks minimum).</summary>
    public const int MinKeyBytes = 24;

    /// <summary>The longest key accepted, in bytes (64; HMAC-SHA256 hashes longer keys first, so more adds nothing).</summary>
    public const int MaxKeyBytes = 64;

    /// <summary>The key length <see cref="Generate"/> uses by default, in bytes (32, the HMAC-SHA256 output size).</summary>
    public const int DefaultKeyBytes = 32;

    private readonly byte[] _key;

    private WebhookSecret(byte[] key)
    {
        _key = key;
        // Four bytes of a hash of the key identify it in logs without revealing anything usable about it.
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(key), 0, 4);
    }

    /// <summary>A short, non-secret identifier of this secret (8 hex digits of the SHA-256 of the key), for logs.</summary>
    public string Fingerprint { get; }

    /// <summary>Generates a new secret from a cryptographic random number generator.</summary>
    /// <param name="keyBytes">The key length in bytes, <see cref="MinKeyBytes"/> to <see cref="MaxKeyBytes"/>. Default: <see cref="DefaultKeyBytes"/>.</param>
    public static WebhookSecret Generate(int keyBytes = DefaultKeyBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(keyBytes, MinKeyBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(keyBytes, MaxKeyBytes);
        return new WebhookSecret(RandomNumberGenerator.GetBytes(keyBytes));
    }

    /// <summary>Parses <c>whsec_&lt;base64&gt;</c>.</summary>
    /// <exception cref="FormatException">The text is not a valid secret; the message says why and never contains the text.</exception>
    public static WebhookSecret Parse(string text) =>
        TryParse(text, out var secret, out var error) ? secret : throw new FormatException(error);

    /// <summary>Parses <c>whsec_&lt;base64&gt;</c>, saying why not instead of throwing.</summary>
    /// <param name="text">The secret's text.</param>
    /// <param name="secret">The secret, when the text is valid.</param>
    /// <param name="error">Why the text is not a valid secret, when it is not; never contains the text itself.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out WebhookSecret? secret, [NotNullWhen(false)] out string? error)
    {
        secret = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "The webhook secret is empty.";
            return false;
        }

        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = "The webhook secret must start with 'whsec_'.";
            return false;
        }

        var encoded = text.AsSpan(Prefix.Length);
        // Convert.TryFromBase64Chars skips whitespace; a secret pasted with a stray space or newline is more
        // likely a copy error than intent, so refuse it rather than silently accept a different-looking text.
        if (encoded.ContainsAny(" \t\r\n"))
        {
            error = "The webhook secret contains whitespace.";
            return false;
        }

        var buffer = new byte[encoded.Length];
        if (encoded.IsEmpty || !Convert.TryFromBase64Chars(encoded, buffer, out var length))
        {
            error = "The part of the webhook secret after 'whsec_' is not valid base64.";
            return false;
        }

        if (length is < MinKeyBytes or > MaxKeyBytes)
        {
            error = string.Create(CultureInfo.InvariantCulture, $"The webhook secret's key is {length} bytes; it must be {MinKeyBytes} to {MaxKeyBytes}.");
            return false;
        }

        secret = new WebhookSecret(buffer[..length]);
        error = null;
        return true;
    }

    /// <summary>
    /// The secret's text (<c>whsec_&lt;base64&gt;</c>), to hand to the subscriber once or store encrypted.
    /// Never log it.
    /// </summary>
    public string Reveal() => Prefix + Convert.ToBase64String(_key);

    /// <summary>Shows the fingerprint only, never the key.</summary>
    public override string ToString() => $"{Prefix}[redacted, fingerprint {Fingerprint}]";

    /// <summary>HMAC-SHA256 of <paramref name="data"/> under this secret's key.</summary>
    internal byte[] ComputeHmac(ReadOnlySpan<byte> data) => HMACSHA256.HashData(_key, data);
}
