using System.Security.Cryptography;
using System.Text;

namespace IntegrationHub.Core.Access;

/// <summary>
/// The hub's API keys: <c>hub_&lt;keyId&gt;_&lt;secret&gt;</c>. The key id (12 lower-case letters and digits) is public
/// and finds the stored key without a scan; the secret (32 random bytes, base64url) is shown once and only its
/// SHA-256 digest is stored. A secret of 256 random bits needs no slow hash: nothing can be guessed from the digest.
/// </summary>
public static class ApiKeys
{
    /// <summary>Every key starts with this, so that a leaked key is recognisable by secret scanners.</summary>
    public const string Prefix = "hub_";

    private const string KeyIdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    private const int KeyIdLength = 12;
    private const int SecretBytes = 32;

    /// <summary>A new key: its public id, the whole key to hand out once, and the digest to store.</summary>
    public static IssuedKey Generate()
    {
        var keyId = RandomNumberGenerator.GetString(KeyIdAlphabet, KeyIdLength);
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return new IssuedKey(keyId, Prefix + keyId + "_" + secret, Hash(secret));
    }

    /// <summary>Splits a presented key into its id and secret; false when it is not shaped like a hub key.</summary>
    public static bool TryParse(string? key, out string keyId, out string secret)
    {
        keyId = "";
        secret = "";
        if (key is null || key.Length > 200 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator != KeyIdLength || rest.Length <= separator + 1)
        {
            return false;
        }

        foreach (var c in rest[..separator])
        {
            if (!KeyIdAlphabet.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        keyId = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return true;
    }

    /// <summary>The stored form of a secret: its SHA-256 digest, lower-case hex.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Whether <paramref name="secret"/> is the one <paramref name="storedHash"/> was made from, in constant time.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        Span<byte> stored = stackalloc byte[SHA256.HashSizeInBytes];
        if (storedHash.Length != SHA256.HashSizeInBytes * 2 || Convert.FromHexString(storedHash, stored, out _, out var written) != System.Buffers.OperationStatus.Done || written != stored.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, stored);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '-');
}

/// <summary>A newly generated key. <see cref="Key"/> is the only copy of the secret: print it once, never log it.</summary>
/// <param name="KeyId">The public key id.</param>
/// <param name="Key">The whole key, <c>hub_&lt;keyId&gt;_&lt;secret&gt;</c>.</param>
/// <param name="SecretHash">What is stored.</param>
public sealed record IssuedKey(string KeyId, string Key, string SecretHash)
{
    /// <summary>Never prints the key.</summary>
    public override string ToString() => $"IssuedKey {{ KeyId = {KeyId} }}";
}
