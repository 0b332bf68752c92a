using System.Globalization;
using System.Text;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// Signs webhook messages per the Standard Webhooks specification: HMAC-SHA256, keyed with the secret's key, over
/// the UTF-8 bytes of <c>{id}.{timestamp}.{body}</c>, written as <c>v1,&lt;base64&gt;</c>.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The signature scheme version this signer writes and the verifier accepts: <c>v1</c> (HMAC-SHA256).</summary>
    public const string Version = "v1";

    /// <summary>One signature, <c>v1,&lt;base64&gt;</c>, of a message under one secret.</summary>
    /// <param name="secret">The signing secret.</param>
    /// <param name="messageId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, Unix seconds.</param>
    /// <param name="body">The exact request body.</param>
    public static string Sign(WebhookSecret secret, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        return Version + "," + Convert.ToBase64String(ComputeSignature(secret, messageId, timestamp, Encoding.UTF8.GetBytes(body)));
    }

    /// <summary>
    /// The <c>webhook-signature</c> header value: one signature per secret, space-separated. During a rotation pass the
    /// new and the old secret, so that a receiver still on the old one and a receiver already on the new one both verify.
    /// </summary>
    /// <param name="secrets">The active secrets, at least one.</param>
    /// <param name="messageId">The <c>webhook-id</c>.</param>
    /// <param name="timestamp">The <c>webhook-timestamp</c>, Unix seconds.</param>
    /// <param name="body">The exact request body.</param>
    public static string SignatureHeader(IReadOnlyList<WebhookSecret> secrets, string messageId, long timestamp, string body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(body);
        return SignatureHeader(secrets, messageId, timestamp, Encoding.UTF8.GetBytes(body));
    }

    internal static string SignatureHeader(IReadOnlyList<WebhookSecret> secrets, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (secrets.Count == 0)
        {
            throw new ArgumentException("At least one secret is needed to sign.", nameof(secrets));
        }

        var content = SignedContent(messageId, timestamp, body);
        var header = new StringBuilder();
        foreach (var secret in secrets)
        {
            if (header.Length > 0)
            {
                header.Append(' ');
            }

            header.Append(Version).Append(',').Append(Convert.ToBase64String(secret.ComputeHmac(content)));
        }

        return header.ToString();
    }

    internal static byte[] ComputeSignature(WebhookSecret secret, string messageId, long timestamp, ReadOnlySpan<byte> body) =>
        secret.ComputeHmac(SignedContent(messageId, timestamp, body));

    /// <summary>The bytes signed: <c>{id}.{timestamp}.</c> in UTF-8, then the body's bytes as sent.</summary>
    internal static byte[] SignedContent(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}."));
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return content;
    }
}
