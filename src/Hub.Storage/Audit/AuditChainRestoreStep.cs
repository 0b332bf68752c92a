using System.Globalization;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage.Backup;

namespace IntegrationHub.Storage.Audit;

/// <summary>
/// Restore verification: the restored audit log's chain and seals verify (<see cref="AuditStore.VerifyAsync"/>), so a
/// restore also proves that no audit entry was lost or altered on the way.
/// </summary>
public sealed class AuditChainRestoreStep(IReadOnlyList<AuditSigningKey> trustedKeys) : IRestoreVerificationStep
{
    /// <summary>The schema version that brought the audit log.</summary>
    public const int AuditSchemaVersion = 7;

    /// <inheritdoc/>
    public string Name => "audit chain";

    /// <inheritdoc/>
    public async Task<VerificationResult> VerifyAsync(HubDatabase database, BackupManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.RowCounts.ContainsKey("audit_entry"))
        {
            return new VerificationResult(Name, true, "the backup has no audit log (taken before schema version 7)");
        }

        await using var store = new AuditStore(database);
        var result = await store.VerifyAsync(trustedKeys, cancellationToken);
        var summary = string.Create(CultureInfo.InvariantCulture, $"{result.Entries} entries, {result.Seals} seals, sealed up to {result.LastSealedSeq}");
        return result.FirstProblem is { } problem
            ? new VerificationResult(Name, false, $"{summary}; first bad entry {problem.Seq}: {problem.Message}")
            : new VerificationResult(Name, true, summary);
    }
}
