using System.Security.Cryptography;

namespace IntegrationHub.Core.Audit;

/// <summary>
/// An ECDSA P-256 key that seals the audit chain (with the private key) or checks seals (public key only).
/// Its <see cref="KeyId"/> is derived from the public key, so a seal names the key that made it.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private const string P256Oid = "1.2.840.10045.3.1.7";

    private readonly ECDsa _key;

    private AuditSigningKey(ECDsa key, bool hasPrivateKey)
    {
        _key = key;
        HasPrivateKey = hasPrivateKey;
        KeyId = ComputeKeyId(key);
    }

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo, DER).</summary>
    public string KeyId { get; }

    /// <summary>True when this key can sign (make seals), not only verify.</summary>
    public bool HasPrivateKey { get; }

    /// <summary>Makes a new P-256 key pair.</summary>
    public static AuditSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), true);

    /// <summary>
    /// Reads a PEM: a private key (<c>EC PRIVATE KEY</c> or PKCS#8 <c>PRIVATE KEY</c>) or a public key
    /// (<c>PUBLIC KEY</c>). Throws <see cref="ArgumentException"/> when the text holds no P-256 key.
    /// </summary>
    public static AuditSigningKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            var oid = key.ExportParameters(false).Curve.Oid;
            if (oid?.Value != P256Oid && oid?.FriendlyName is not ("nistP256" or "ECDSA_P256"))
            {
                throw new ArgumentException("The audit signing key must be an ECDSA P-256 key.", nameof(pem));
            }

            return new AuditSigningKey(key, pem.Contains("PRIVATE KEY", StringComparison.Ordinal));
        }
        catch (CryptographicException ex)
        {
            key.Dispose();
            // The message never quotes the PEM: it may be a private key.
            throw new ArgumentException("The text is not a PEM-encoded ECDSA P-256 key.", nameof(pem), ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>The id of a key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string ComputeKeyId(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16];
    }

    /// <summary>The private key as PKCS#8 PEM. Throws when this is a public key only.</summary>
    public string ExportPrivateKeyPem() =>
        HasPrivateKey ? _key.ExportPkcs8PrivateKeyPem() : throw new InvalidOperationException("This is a public key only.");

    /// <summary>The public key as PEM (<c>PUBLIC KEY</c>), for verifiers.</summary>
    public string ExportPublicKeyPem() => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>The public half only.</summary>
    public AuditSigningKey PublicOnly() => FromPem(ExportPublicKeyPem());

    /// <summary>Seals the chain up to <paramref name="upToSeq"/>, whose hash is <paramref name="hash"/>.</summary>
    public AuditSeal Seal(long upToSeq, string hash, DateTimeOffset time)
    {
        if (!HasPrivateKey)
        {
            throw new InvalidOperationException("A public key cannot seal; configure the private key.");
        }

        var at = AuditChain.Truncate(time);
        var signature = _key.SignData(AuditChain.SealPayload(upToSeq, hash, at), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new AuditSeal(upToSeq, hash, at, Convert.ToBase64String(signature), KeyId);
    }

    /// <summary>True when <paramref name="seal"/> was signed by this key over exactly its contents.</summary>
    public bool Verify(AuditSeal seal)
    {
        ArgumentNullException.ThrowIfNull(seal);
        if (!string.Equals(seal.KeyId, KeyId, StringComparison.Ordinal))
        {
            return false;
        }

        Span<byte> signature = stackalloc byte[128];
        if (!Convert.TryFromBase64String(seal.Signature, signature, out var length))
        {
            return false;
        }

        return _key.VerifyData(AuditChain.SealPayload(seal.UpToSeq, seal.Hash, seal.Time), signature[..length], HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <inheritdoc/>
    public void Dispose() => _key.Dispose();
}
