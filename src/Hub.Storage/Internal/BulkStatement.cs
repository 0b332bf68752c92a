using System.Data.Common;
using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace IntegrationHub.Storage.Internal;

/// <summary>How a column of a bulk statement is bound.</summary>
internal enum BulkType
{
    Text,
    Uuid,
    BigInt,
    Double,
    Time,
}

/// <summary>
/// One statement applied to many rows in one go. On PostgreSQL every column is bound as one array and the statement
/// reads the rows with <c>unnest(@p0, @p1, ...)</c>: one round trip, one plan, whatever the row count. On SQLite
/// the per-row statement is prepared once and executed for every row (there is no round trip to save, only the
/// parse). Cells are typed values (<see cref="Guid"/>, <see cref="DateTimeOffset"/>, <see cref="long"/>, ...)
/// or null; each engine's binding is applied here. Every value is a bound parameter.
/// </summary>
internal sealed class BulkStatement
{
    private readonly string _sqliteRowSql;
    private readonly string _postgresSql;
    private readonly BulkType[] _types;

    /// <param name="sqliteRowSql">The statement for one row, with parameters <c>@p0</c>, <c>@p1</c>, ... in column order.</param>
    /// <param name="postgresSql">The statement for all rows, reading arrays <c>@p0</c>, <c>@p1</c>, ... in column order.</param>
    /// <param name="types">The columns' types.</param>
    public BulkStatement(string sqliteRowSql, string postgresSql, params BulkType[] types)
    {
        _sqliteRowSql = sqliteRowSql;
        _postgresSql = postgresSql;
        _types = types;
    }

    public async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (dialect.Provider == DatabaseProvider.Postgres)
        {
            await ExecutePostgresAsync(connection, transaction, rows, cancellationToken);
        }
        else
        {
            await ExecuteSqliteAsync(connection, transaction, dialect, rows, cancellationToken);
        }
    }

    private async Task ExecuteSqliteAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The statement is one of the store's constants; every value is a bound parameter.
        command.CommandText = _sqliteRowSql;
#pragma warning restore CA2100
        var parameters = new DbParameter[_types.Length];
        for (var c = 0; c < _types.Length; c++)
        {
            parameters[c] = command.CreateParameter();
            parameters[c].ParameterName = "@p" + c.ToString(CultureInfo.InvariantCulture);
            command.Parameters.Add(parameters[c]);
        }

        command.Prepare();
        foreach (var row in rows)
        {
            for (var c = 0; c < _types.Length; c++)
            {
                parameters[c].Value = row[c] switch
                {
                    null => DBNull.Value,
                    Guid g => dialect.Id(g),
                    DateTimeOffset t => dialect.Time(t),
                    var v => v,
                };
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private async Task ExecutePostgresAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // The statement is one of the store's constants; every value is a bound parameter.
        command.CommandText = _postgresSql;
#pragma warning restore CA2100
        for (var c = 0; c < _types.Length; c++)
        {
            command.Parameters.Add(new NpgsqlParameter
            {
                ParameterName = "p" + c.ToString(CultureInfo.InvariantCulture),
                NpgsqlDbType = NpgsqlDbType.Array | ElementType(_types[c]),
                Value = Column(rows, c, _types[c]),
            });
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlDbType ElementType(BulkType type) => type switch
    {
        BulkType.Text => NpgsqlDbType.Text,
        BulkType.Uuid => NpgsqlDbType.Uuid,
        BulkType.BigInt => NpgsqlDbType.Bigint,
        BulkType.Double => NpgsqlDbType.Double,
        BulkType.Time => NpgsqlDbType.TimestampTz,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static object Column(IReadOnlyList<object?[]> rows, int c, BulkType type)
    {
        switch (type)
        {
            case BulkType.Text:
            {
                var values = new string?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    values[i] = (string?)rows[i][c];
                }

                return values;
            }

            case BulkType.Uuid:
            {
                var values = new Guid?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    values[i] = (Guid?)rows[i][c];
                }

                return values;
            }

            case BulkType.BigInt:
            {
                var values = new long?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    values[i] = rows[i][c] is null ? null : Convert.ToInt64(rows[i][c], CultureInfo.InvariantCulture);
                }

                return values;
            }

            case BulkType.Double:
            {
                var values = new double?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    values[i] = (double?)rows[i][c];
                }

                return values;
            }

            case BulkType.Time:
            {
                var values = new DateTime?[rows.Count];
                for (var i = 0; i < rows.Count; i++)
                {
                    values[i] = ((DateTimeOffset?)rows[i][c])?.UtcDateTime;
                }

                return values;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(type));
        }
    }
}
