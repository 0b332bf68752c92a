using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// What differs between databases for a keyset read: identifier quoting, how to cap the rows returned, and how a
/// connection is made read-only. Chosen from the provider's factory type, not its registered name, so a factory
/// registered under any name gets its own database's SQL.
/// </summary>
internal abstract class SqlDialect
{
    public abstract string Name { get; }

    /// <summary>Quotes one identifier part. Callers pass only names that passed <see cref="SqlIdentifier"/> validation.</summary>
    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The select statement: <paramref name="columns"/> and <paramref name="rest"/> (WHERE/ORDER BY) already built from quoted names.</summary>
    public virtual string Select(string columns, string from, string rest, string limitParameter) =>
        // SQL:2008 row limiting: PostgreSQL, Oracle 12c+, DB2, H2, Firebird 3+.
        $"SELECT {columns} FROM {from}{rest} FETCH FIRST {limitParameter} ROWS ONLY";

    /// <summary>Connection string changes that make the session read-only where the provider supports it at connect time.</summary>
    public virtual string PrepareConnectionString(DbConnectionStringBuilder builder) => builder.ConnectionString;

    /// <summary>A statement run right after opening that makes the session read-only, or null.</summary>
    public virtual string? ReadOnlyStatement => null;

    /// <summary>Whether the session is made read-only by the hub (otherwise only the account's grants keep it from writing).</summary>
    public virtual bool EnforcesReadOnly => false;

    /// <summary>Whether retrying the failed call may help.</summary>
    public virtual bool IsTransient(DbException exception) => exception.IsTransient;

    public static SqlDialect For(DbProviderFactory factory) => factory switch
    {
        NpgsqlFactory => PostgreSqlDialect.Instance,
        SqliteFactory => SqliteDialect.Instance,
        _ when factory.GetType().Name is "SqlClientFactory" => SqlServerDialect.Instance,
        _ => AnsiDialect.Instance,
    };

    private sealed class AnsiDialect : SqlDialect
    {
        public static readonly AnsiDialect Instance = new();

        public override string Name => "ANSI SQL";
    }

    private sealed class PostgreSqlDialect : SqlDialect
    {
        public static readonly PostgreSqlDialect Instance = new();

        public override string Name => "PostgreSQL";

        public override string Select(string columns, string from, string rest, string limitParameter) =>
            $"SELECT {columns} FROM {from}{rest} LIMIT {limitParameter}";

        // The session default, so every transaction of this connection (implicit ones included) refuses writes.
        public override string? ReadOnlyStatement => "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY";

        public override bool EnforcesReadOnly => true;
    }

    private sealed class SqliteDialect : SqlDialect
    {
        public static readonly SqliteDialect Instance = new();

        public override string Name => "SQLite";

        public override string Select(string columns, string from, string rest, string limitParameter) =>
            $"SELECT {columns} FROM {from}{rest} LIMIT {limitParameter}";

        public override string PrepareConnectionString(DbConnectionStringBuilder builder)
        {
            // SQLite enforces read-only at open: the file handle itself refuses writes.
            builder["Mode"] = SqliteOpenMode.ReadOnly.ToString();
            return builder.ConnectionString;
        }

        public override bool EnforcesReadOnly => true;

        public override bool IsTransient(DbException exception) =>
            exception is SqliteException sqlite
                ? sqlite.SqliteErrorCode is 5 /* BUSY */ or 6 /* LOCKED */ or 10 /* IOERR */ or 15 /* PROTOCOL */
                : exception.IsTransient;
    }

    private sealed class SqlServerDialect : SqlDialect
    {
        public static readonly SqlServerDialect Instance = new();

        public override string Name => "SQL Server";

        public override string Quote(string identifier) => "[" + identifier.Replace("]", "]]", StringComparison.Ordinal) + "]";

        // TOP rather than OFFSET ... FETCH: keyset reads never skip rows.
        public override string Select(string columns, string from, string rest, string limitParameter) =>
            $"SELECT TOP ({limitParameter}) {columns} FROM {from}{rest}";
    }
}
