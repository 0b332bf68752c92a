using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Storage.Feeds;

/// <summary>
/// Encrypts webhook signing secrets for storage with AES-256-GCM. Stored form: <c>v1:&lt;base64 nonce&gt;:&lt;base64
/// ciphertext and tag&gt;</c>, with the subscription id as associated data, so that a ciphertext copied into another
/// subscription's row does not decrypt there.
/// </summary>
internal sealed class SecretCipher
{
    /// <summary>The prefix of the stored form.</summary>
    public const string Version1Prefix = "v1:";

    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[] _key;

    public SecretCipher(byte[] key)
    {
        if (key.Length != SecretKeyFile.KeyBytes)
        {
            throw new ArgumentException($"The key must be {SecretKeyFile.KeyBytes} bytes.", nameof(key));
        }

        _key = key;
    }

    /// <summary>Whether <paramref name="stored"/> is in an encrypted form (else it is a plain-text secret from before encryption).</summary>
    public static bool IsEncrypted(string stored) => stored.StartsWith(Version1Prefix, StringComparison.Ordinal);

    public string Encrypt(string secret, Guid subscriptionId)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(NonceBytes);
        var sealedBytes = new byte[plain.Length + TagBytes];
        using (var aes = new AesGcm(_key, TagBytes))
        {
            aes.Encrypt(nonce, plain, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), AssociatedData(subscriptionId));
        }

        CryptographicOperations.ZeroMemory(plain);
        return Version1Prefix + Convert.ToBase64String(nonce) + ":" + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>Decrypts a stored secret.</summary>
    /// <exception cref="FormatException">It is not in the <c>v1</c> form.</exception>
    /// <exception cref="AuthenticationTagMismatchException">Another key encrypted it, or it belongs to another subscription, or it was altered.</exception>
    public string Decrypt(string stored, Guid subscriptionId)
    {
        var parts = stored.Split(':');
        if (parts.Length != 3 || parts[0] + ":" != Version1Prefix)
        {
            throw new FormatException("The stored secret is not in the v1 form.");
        }

        byte[] nonce, sealedBytes;
        try
        {
            nonce = Convert.FromBase64String(parts[1]);
            sealedBytes = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException ex)
        {
            throw new FormatException("The stored secret's v1 form is not valid base64.", ex);
        }

        if (nonce.Length != NonceBytes || sealedBytes.Length < TagBytes)
        {
            throw new FormatException("The stored secret's v1 form has the wrong lengths.");
        }

        var plain = new byte[sealedBytes.Length - TagBytes];
        using (var aes = new AesGcm(_key, TagBytes))
        {
            aes.Decrypt(nonce, sealedBytes.AsSpan(0, plain.Length), sealedBytes.AsSpan(plain.Length), plain, AssociatedData(subscriptionId));
        }

        var text = Encoding.UTF8.GetString(plain);
        CryptographicOperations.ZeroMemory(plain);
        return text;
    }

    private static byte[] AssociatedData(Guid subscriptionId) =>
        Encoding.UTF8.GetBytes("feed_subscription:" + subscriptionId.ToString("D"));
}
