namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// Configuration of a SQL table source (<c>schemas/connectors/sql-table.schema.json</c>): one table of an agency's
/// relational database, read incrementally in (<see cref="IncrementalColumn"/>, <see cref="KeyColumn"/>) order.
/// Identifiers are names only (letters, digits, underscore; the table may carry one schema prefix): there is no
/// free SQL anywhere in this configuration, so nothing in it can be injected.
/// </summary>
public sealed class SqlTableSourceOptions
{
    /// <summary>
    /// The ADO.NET provider's invariant name, as registered with <see cref="System.Data.Common.DbProviderFactories"/>:
    /// <c>Npgsql</c> or <c>Microsoft.Data.Sqlite</c> ship with the hub; others plug in through
    /// <see cref="SqlProviderRegistry.Register"/>. Required.
    /// </summary>
    public string ProviderName { get; set; } = "";

    /// <summary>The connection string. Give this or <see cref="ConnectionStringVariable"/>, not both. Never logged or echoed.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The name of an environment variable holding the connection string, so that secrets stay out of configuration files.</summary>
    public string? ConnectionStringVariable { get; set; }

    /// <summary>The table to read, optionally schema-qualified (<c>pajak.WAJIB_PAJAK</c>). Names are matched exactly (quoted). Required.</summary>
    public string Table { get; set; } = "";

    /// <summary>
    /// The columns to read. Default (null or empty): every column of the table, in table order. The key and
    /// incremental columns are always read, whether listed or not.
    /// </summary>
    public IReadOnlyList<string>? Columns { get; set; }

    /// <summary>A unique, non-null column: the record's key within the source and the tie-breaker of the read order. Required.</summary>
    public string KeyColumn { get; set; } = "";

    /// <summary>
    /// A column that grows whenever a row is inserted or changed (e.g. <c>LAST_UPDATED</c>, a version number). Rows
    /// where it is null are not read. Required.
    /// </summary>
    public string IncrementalColumn { get; set; } = "";

    /// <summary>Seconds each command may run before it fails (transiently). Default: 30; range 1–3600.</summary>
    public int CommandTimeoutSeconds { get; set; } = 30;
}
