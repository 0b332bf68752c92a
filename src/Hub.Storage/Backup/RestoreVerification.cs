namespace IntegrationHub.Storage.Backup;

/// <summary>The outcome of one verification step after a restore.</summary>
public sealed record VerificationResult(string Step, bool Passed, string Detail);

/// <summary>
/// One check that a restored database is the one that was backed up. <see cref="BackupService"/> runs
/// <see cref="RestoreVerification.Default"/> (schema version, row counts per table); the audit-chain verification
/// joins this list once the audit log exists, so that a restore also proves no audit entry was lost or altered.
/// </summary>
public interface IRestoreVerificationStep
{
    /// <summary>A short name for the report (<c>schema version</c>, <c>row counts</c>, <c>audit chain</c>).</summary>
    string Name { get; }

    /// <summary>Checks the restored <paramref name="database"/> against the backup's <paramref name="manifest"/>.</summary>
    Task<VerificationResult> VerifyAsync(HubDatabase database, BackupManifest manifest, CancellationToken cancellationToken);
}

/// <summary>The built-in verification steps.</summary>
public static class RestoreVerification
{
    /// <summary>Schema version, then row counts of every table.</summary>
    public static IReadOnlyList<IRestoreVerificationStep> Default { get; } = [new SchemaVersionStep(), new RowCountsStep()];

    private sealed class SchemaVersionStep : IRestoreVerificationStep
    {
        public string Name => "schema version";

        public async Task<VerificationResult> VerifyAsync(HubDatabase database, BackupManifest manifest, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var version = await DatabaseTables.SchemaVersionAsync(connection, null, cancellationToken);
            return new VerificationResult(Name, version == manifest.SchemaVersion, $"restored {version}, backup {manifest.SchemaVersion}");
        }
    }

    private sealed class RowCountsStep : IRestoreVerificationStep
    {
        public string Name => "row counts";

        public async Task<VerificationResult> VerifyAsync(HubDatabase database, BackupManifest manifest, CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            var restored = await DatabaseTables.CountRowsAsync(connection, database.Provider, null, cancellationToken);
            var lines = new List<string>();
            var passed = true;
            foreach (var table in manifest.RowCounts.Keys.Union(restored.Keys).Order(StringComparer.Ordinal))
            {
                var expected = manifest.RowCounts.TryGetValue(table, out var e) ? e : (long?)null;
                var actual = restored.TryGetValue(table, out var a) ? a : (long?)null;
                var same = expected == actual;
                passed &= same;
                lines.Add($"{table} {Show(actual)} {(same ? "=" : "!=")} {Show(expected)}");
            }

            return new VerificationResult(Name, passed, string.Join("; ", lines));
        }

        private static string Show(long? count) => count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing";
    }
}
