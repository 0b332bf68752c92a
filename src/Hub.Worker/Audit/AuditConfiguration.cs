using IntegrationHub.Core.Audit;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Audit;

/// <summary>Reads and checks <c>Hub:Audit</c>.</summary>
public static class AuditConfiguration
{
    /// <summary>The audit settings (never throws; problems are reported by <see cref="Validate"/>).</summary>
    public static AuditOptions GetAuditOptions(this IConfiguration configuration) =>
        SafeBinder.Bind(configuration.GetSection(AuditOptions.SectionName), new AuditOptions(), new List<ConfigurationProblem>());

    /// <summary>Adds every problem with the audit settings to <paramref name="problems"/>.</summary>
    public static void Validate(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var options = SafeBinder.Bind(configuration.GetSection(AuditOptions.SectionName), new AuditOptions(), problems);
        if (problems.Count > before)
        {
            return;
        }

        var prefix = AuditOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.SigningKeyFile) && !string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            problems.Add(new($"{prefix}:SigningKeyFile", "and SigningKeyPem are both set; set one."));
        }
        else if (!string.IsNullOrWhiteSpace(options.SigningKeyFile))
        {
            CheckKeyFile(options.SigningKeyFile, $"{prefix}:SigningKeyFile", needPrivate: true, problems);
        }
        else if (!string.IsNullOrWhiteSpace(options.SigningKeyPem))
        {
            CheckKey(options.SigningKeyPem, $"{prefix}:SigningKeyPem", "the value", needPrivate: true, problems);
        }

        for (var i = 0; i < options.TrustedPublicKeyFiles.Length; i++)
        {
            CheckKeyFile(options.TrustedPublicKeyFiles[i], $"{prefix}:TrustedPublicKeyFiles:{i}", needPrivate: false, problems);
        }

        if (options.SealInterval < TimeSpan.FromSeconds(1) || options.SealInterval > TimeSpan.FromDays(1))
        {
            problems.Add(new($"{prefix}:SealInterval", "must be between 00:00:01 and 1.00:00:00 (default 00:05:00)."));
        }

        if (options.MaxBatch is < 1 or > 100_000)
        {
            problems.Add(new($"{prefix}:MaxBatch", "must be between 1 and 100000 (default 1000)."));
        }
    }

    private static void CheckKeyFile(string file, string setting, bool needPrivate, List<ConfigurationProblem> problems)
    {
        if (!File.Exists(file))
        {
            problems.Add(new(setting, $"the file {file} does not exist{(needPrivate ? " (hub audit keygen --out FILE writes one)" : "")}."));
            return;
        }

        CheckKey(File.ReadAllText(file), setting, file, needPrivate, problems);
    }

    private static void CheckKey(string pem, string setting, string what, bool needPrivate, List<ConfigurationProblem> problems)
    {
        try
        {
            using var key = AuditSigningKey.FromPem(pem);
            if (needPrivate && !key.HasPrivateKey)
            {
                problems.Add(new(setting, $"{what} holds a public key; sealing needs the private key."));
            }
        }
        catch (ArgumentException)
        {
            // Never quote the text: it may be a private key.
            problems.Add(new(setting, $"{what} is not a PEM-encoded ECDSA P-256 key."));
        }
    }
}
