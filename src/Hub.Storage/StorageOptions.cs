namespace IntegrationHub.Storage;

/// <summary>
/// Where the hub keeps its data. PostgreSQL is used when <see cref="PostgresConnectionString"/> is set;
/// otherwise an SQLite file in <see cref="DataDirectory"/> (the embedded default).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Hub:Storage";

    /// <summary>The SQLite directory. Default: <c>data</c> under the working directory. Environment override: <c>HUB_DATA_DIR</c>.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>A PostgreSQL connection string; setting it selects PostgreSQL. Environment override: <c>HUB_POSTGRES</c>.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>The SQLite file name inside <see cref="DataDirectory"/>. Default: <c>hub.db</c>.</summary>
    public string SqliteFileName { get; set; } = "hub.db";

    /// <summary>
    /// The file holding the key that encrypts webhook signing secrets in the database. Set from
    /// <c>Hub:Secrets:KeyFile</c>. Default: <c>secrets.key</c> in <see cref="DataDirectory"/>, created on first use.
    /// A PostgreSQL deployment points every node at the same mounted secret.
    /// </summary>
    public string? SecretsKeyFile { get; set; }

    /// <summary>Every problem with these options, empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(PostgresConnectionString))
        {
            if (string.IsNullOrWhiteSpace(DataDirectory))
            {
                problems.Add("Hub:Storage:DataDirectory (HUB_DATA_DIR) is empty; set it to a directory for the SQLite file, or set HUB_POSTGRES.");
            }

            if (string.IsNullOrWhiteSpace(SqliteFileName) || SqliteFileName.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
            {
                problems.Add("Hub:Storage:SqliteFileName must be a plain file name.");
            }
        }
        else
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(PostgresConnectionString);
            }
            catch (ArgumentException)
            {
                // The message of the exception may quote the connection string, password included; say only where.
                problems.Add("Hub:Storage:PostgresConnectionString (HUB_POSTGRES) is not a valid PostgreSQL connection string.");
            }
        }

        return problems;
    }
}
