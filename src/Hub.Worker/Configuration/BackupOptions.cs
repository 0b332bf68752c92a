namespace IntegrationHub.Worker.Configuration;

/// <summary><c>hub backup</c> and <c>hub restore</c> settings, under <c>Hub:Backup</c>.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Hub:Backup";

    /// <summary>
    /// The directory of pg_dump and pg_restore (PostgreSQL only). Default: none — PATH, then the newest
    /// <c>/usr/lib/postgresql/*/bin</c>. The tools must be at least the server's major version.
    /// </summary>
    public string? PostgresBinDirectory { get; set; }
}
