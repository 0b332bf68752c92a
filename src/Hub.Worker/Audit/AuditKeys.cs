using IntegrationHub.Core.Audit;
using IntegrationHub.Storage;

namespace IntegrationHub.Worker.Audit;

/// <summary>
/// The key that seals the chain and the keys whose seals verification accepts. The signing key comes from
/// <see cref="AuditOptions.SigningKeyFile"/>, else <see cref="AuditOptions.SigningKeyPem"/>, else the file
/// <c>audit-signing-key.pem</c> under the data directory, generated (owner-only) when missing.
/// </summary>
public sealed class AuditKeys : IDisposable
{
    private AuditKeys(AuditSigningKey signing, string origin, IReadOnlyList<AuditSigningKey> trusted)
    {
        Signing = signing;
        Origin = origin;
        Trusted = trusted;
    }

    /// <summary>The key that makes seals.</summary>
    public AuditSigningKey Signing { get; }

    /// <summary>Where the signing key came from (a path or "inline PEM"; never the key).</summary>
    public string Origin { get; }

    /// <summary>Every key whose seals verify: the signing key's public half, then the configured public keys.</summary>
    public IReadOnlyList<AuditSigningKey> Trusted { get; }

    /// <summary>Loads (or, for the embedded default, creates) the keys. Throws <see cref="ArgumentException"/> naming the setting at fault.</summary>
    public static AuditKeys Load(AuditOptions options, StorageOptions storage)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(storage);
        AuditSigningKey signing;
        string origin;
        if (!string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            signing = ReadPrivate(File.ReadAllText(options.SigningKeyFile), $"{AuditOptions.SectionName}:SigningKeyFile");
            origin = Path.GetFullPath(options.SigningKeyFile);
        }
        else if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            signing = ReadPrivate(options.SigningKeyPem, $"{AuditOptions.SectionName}:SigningKeyPem");
            origin = "inline PEM";
        }
        else
        {
            origin = Path.GetFullPath(Path.Combine(storage.DataDirectory, AuditOptions.GeneratedKeyFileName));
            signing = LoadOrCreate(origin);
        }

        var trusted = new List<AuditSigningKey> { signing.PublicOnly() };
        foreach (var file in options.TrustedPublicKeyFiles ?? [])
        {
            try
            {
                trusted.Add(AuditSigningKey.FromPem(File.ReadAllText(file)).PublicOnly());
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"{AuditOptions.SectionName}:TrustedPublicKeyFiles: {file} holds no ECDSA P-256 key.", ex);
            }
        }

        return new AuditKeys(signing, origin, trusted);
    }

    /// <summary>Writes a new key pair: the private key to <paramref name="privateFile"/> (owner read/write only) and the public key beside it.</summary>
    public static (string PrivateFile, string PublicFile, string KeyId) Generate(string privateFile)
    {
        using var key = AuditSigningKey.Generate();
        WritePrivate(privateFile, key.ExportPrivateKeyPem());
        var publicFile = PublicFileFor(privateFile);
        File.WriteAllText(publicFile, key.ExportPublicKeyPem());
        return (Path.GetFullPath(privateFile), Path.GetFullPath(publicFile), key.KeyId);
    }

    /// <summary>Where the public key of <paramref name="privateFile"/> goes: <c>name.pub.pem</c>.</summary>
    public static string PublicFileFor(string privateFile) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(privateFile))!, Path.GetFileNameWithoutExtension(privateFile) + ".pub.pem");

    private static AuditSigningKey LoadOrCreate(string file)
    {
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            using var created = AuditSigningKey.Generate();
            try
            {
                WritePrivate(file, created.ExportPrivateKeyPem(), createNew: true);
                File.WriteAllText(PublicFileFor(file), created.ExportPublicKeyPem());
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another process on the same data directory created it first: use that one.
            }
        }

        return ReadPrivate(File.ReadAllText(file), file);
    }

    private static void WritePrivate(string file, string pem, bool createNew = false)
    {
        var options = new FileStreamOptions
        {
            Mode = createNew ? FileMode.CreateNew : FileMode.Create,
            Access = FileAccess.Write,
        };
        if (!OperatingSystem.IsWindows())
        {
            // Created owner-only, never world-readable even for an instant.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static AuditSigningKey ReadPrivate(string pem, string where)
    {
        AuditSigningKey key;
        try
        {
            key = AuditSigningKey.FromPem(pem);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{where}: not a PEM-encoded ECDSA P-256 key.", ex);
        }

        if (!key.HasPrivateKey)
        {
            key.Dispose();
            throw new ArgumentException($"{where}: holds a public key; sealing needs the private key (hub audit keygen writes one).");
        }

        return key;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Signing.Dispose();
        foreach (var key in Trusted)
        {
            key.Dispose();
        }
    }
}
