namespace IntegrationHub.Storage;

/// <summary>The database engines the hub runs on.</summary>
public enum DatabaseProvider
{
    /// <summary>An SQLite file in WAL mode: the embedded default.</summary>
    Sqlite = 1,
    /// <summary>A PostgreSQL server: production, several nodes.</summary>
    Postgres,
}
