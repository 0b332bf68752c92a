namespace IntegrationHub.Worker.Audit;

/// <summary>The audit log's settings, under <c>Hub:Audit</c> (API and <c>hub</c>).</summary>
public sealed class AuditOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hub:Audit";

    /// <summary>The file name of the key generated under the data directory when no key is configured.</summary>
    public const string GeneratedKeyFileName = "audit-signing-key.pem";

    /// <summary>
    /// A PEM file holding the ECDSA P-256 private key that signs seals (<c>hub audit keygen</c> writes one). Default:
    /// none; then <see cref="SigningKeyPem"/>, else a key generated at first start under the data directory.
    /// </summary>
    public string? SigningKeyFile { get; set; }

    /// <summary>The private key as inline PEM text (from a secret store via the environment). Never logged.</summary>
    public string? SigningKeyPem { get; set; }

    /// <summary>
    /// Public keys (PEM files) whose seals verification also accepts: keys used before a rotation, or every node's
    /// key. The signing key's own public key is always trusted.
    /// </summary>
    public string[] TrustedPublicKeyFiles { get; set; } = [];

    /// <summary>How often the API seals the chain (and once more when it stops). Default 5 minutes; 1 s to 1 day.</summary>
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The most entries committed in one transaction. Default 1000; 1–100000.</summary>
    public int MaxBatch { get; set; } = 1000;
}
