using System.Data.Common;
using IntegrationHub.Connectors.Contract;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// Finds ADO.NET providers for <see cref="SqlTableSource"/> by invariant name through
/// <see cref="DbProviderFactories"/>. PostgreSQL (<see cref="PostgreSql"/>) and SQLite (<see cref="Sqlite"/>) are
/// registered at first use; any other provider (e.g. <c>Microsoft.Data.SqlClient</c> once a patched client can be
/// shipped) plugs in by registering its factory here or with <see cref="DbProviderFactories.RegisterFactory(string, DbProviderFactory)"/>.
/// </summary>
public static class SqlProviderRegistry
{
    /// <summary>The invariant name of the PostgreSQL provider (Npgsql).</summary>
    public const string PostgreSql = "Npgsql";

    /// <summary>The invariant name of the SQLite provider (Microsoft.Data.Sqlite).</summary>
    public const string Sqlite = "Microsoft.Data.Sqlite";

    private static readonly Lazy<bool> BuiltIns = new(RegisterBuiltIns, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers (or replaces) the factory of a provider under its invariant name.</summary>
    public static void Register(string invariantName, DbProviderFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(invariantName);
        ArgumentNullException.ThrowIfNull(factory);
        _ = BuiltIns.Value;
        DbProviderFactories.RegisterFactory(invariantName, factory);
    }

    /// <summary>The invariant names of every provider registered now, built-ins included, in ordinal order.</summary>
    public static IReadOnlyList<string> KnownProviderNames
    {
        get
        {
            _ = BuiltIns.Value;
            return [.. DbProviderFactories.GetProviderInvariantNames().Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>The factory registered under <paramref name="invariantName"/>; an unknown name is a permanent configuration error.</summary>
    internal static DbProviderFactory Resolve(string invariantName)
    {
        _ = BuiltIns.Value;
        if (!string.IsNullOrWhiteSpace(invariantName) && DbProviderFactories.TryGetFactory(invariantName, out var factory))
        {
            return factory;
        }

        throw new ConnectorException(
            $"Unknown SQL provider '{invariantName}'. Known providers: {string.Join(", ", KnownProviderNames)}. Register others with SqlProviderRegistry.Register.",
            isTransient: false);
    }

    private static bool RegisterBuiltIns()
    {
        // Never replace a factory the host registered under the same name (e.g. one wrapped for tracing).
        if (!DbProviderFactories.TryGetFactory(PostgreSql, out _))
        {
            DbProviderFactories.RegisterFactory(PostgreSql, NpgsqlFactory.Instance);
        }

        if (!DbProviderFactories.TryGetFactory(Sqlite, out _))
        {
            DbProviderFactories.RegisterFactory(Sqlite, SqliteFactory.Instance);
        }

        return true;
    }
}
