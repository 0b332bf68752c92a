using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using IntegrationHub.Connectors.Contract;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// Reads one table of an agency's relational database (e.g. DJP's wajib pajak table) through any ADO.NET provider
/// registered with <see cref="SqlProviderRegistry"/>. Rows come in (<see cref="SqlTableSourceOptions.IncrementalColumn"/>,
/// <see cref="SqlTableSourceOptions.KeyColumn"/>) order by keyset pagination, never OFFSET, so each batch costs the
/// same however deep the read is and rows sharing an incremental value are neither skipped nor repeated across
/// batches. The cursor is the last (incremental, key) pair read, typed; a run after new or changed rows (whose
/// incremental value grew) reads only those. The connection is read-only on PostgreSQL and SQLite.
/// </summary>
/// <remarks>
/// Values become strings as <see cref="SqlValueText"/> describes: timestamps as <c>yyyy-MM-dd HH:mm:ss</c> (plus a
/// fraction when present; <c>Z</c> for UTC instants), numbers invariant, binary as base64, null as null.
/// Rows whose incremental or key value is null are not read: they have no place in the order.
/// </remarks>
public sealed class SqlTableSource : ISourceConnector
{
    /// <summary>The kind of this source; its configuration schema is <c>schemas/connectors/sql-table.schema.json</c>.</summary>
    public const string KindName = "sql-table";

    private const string LimitParameter = "@hub_limit";
    private const string IncGreaterParameter = "@hub_inc_gt";
    private const string IncEqualParameter = "@hub_inc_eq";
    private const string KeyParameter = "@hub_key";

    private static readonly JsonWriterOptions RawJson = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private static readonly string[] PasswordKeys = ["Password", "Pwd"];
    private static readonly string[] HostKeys = ["Host", "Server", "Address", "Addr"];
    private static readonly string[] DatabaseKeys = ["Database", "Initial Catalog", "DB"];

    private readonly SqlTableSourceOptions _options;
    private readonly DbProviderFactory _factory;
    private readonly SqlDialect _dialect;
    private readonly string _connectionString;
    private readonly string[] _secrets;
    private readonly string _server;
    private readonly string? _schema;
    private readonly string _table;
    private readonly ConcurrentDictionary<string, byte> _commandTexts = new(StringComparer.Ordinal);
    private TableShape? _shape;

    /// <summary>
    /// Creates the source, checking the whole configuration first without touching the database: the provider is
    /// known, exactly one connection string is given, and every identifier is a plain name. Every problem found is
    /// reported at once in one <see cref="ConnectorException"/> (never transient).
    /// </summary>
    public SqlTableSource(SqlTableSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        var problems = new List<string>();

        DbProviderFactory? factory = null;
        try
        {
            factory = SqlProviderRegistry.Resolve(options.ProviderName);
        }
        catch (ConnectorException ex)
        {
            problems.Add(ex.Message);
        }

        if (!SqlIdentifier.IsTable(options.Table))
        {
            problems.Add($"Table {SqlIdentifier.Show(options.Table)} is not a plain name (letters, digits and underscore, optionally schema.table).");
        }

        if (!SqlIdentifier.IsColumn(options.KeyColumn))
        {
            problems.Add($"KeyColumn {SqlIdentifier.Show(options.KeyColumn)} is not a plain column name (letters, digits and underscore).");
        }

        if (!SqlIdentifier.IsColumn(options.IncrementalColumn))
        {
            problems.Add($"IncrementalColumn {SqlIdentifier.Show(options.IncrementalColumn)} is not a plain column name (letters, digits and underscore).");
        }

        foreach (var column in options.Columns ?? [])
        {
            if (!SqlIdentifier.IsColumn(column))
            {
                problems.Add($"Column {SqlIdentifier.Show(column)} is not a plain column name (letters, digits and underscore).");
            }
        }

        var duplicates = (options.Columns ?? []).GroupBy(c => c, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"Columns lists {string.Join(", ", duplicates)} more than once.");
        }

        if (options.CommandTimeoutSeconds is < 1 or > 3600)
        {
            problems.Add($"CommandTimeoutSeconds must be between 1 and 3600 (was {options.CommandTimeoutSeconds.ToString(CultureInfo.InvariantCulture)}).");
        }

        var connectionString = ResolveConnectionString(options, problems);
        DbConnectionStringBuilder? builder = null;
        if (factory is not null && connectionString is not null)
        {
            builder = factory.CreateConnectionStringBuilder() ?? new DbConnectionStringBuilder();
            try
            {
                builder.ConnectionString = connectionString;
            }
            catch (ArgumentException)
            {
                // The parser's message may quote a fragment of the string, which may be the password: say nothing of it.
                problems.Add($"The connection string could not be parsed by provider {options.ProviderName}.");
                builder = null;
            }
        }

        if (problems.Count > 0 || factory is null || builder is null)
        {
            throw new ConnectorException("Invalid sql-table source configuration: " + string.Join(" ", problems), isTransient: false);
        }

        _factory = factory;
        _dialect = SqlDialect.For(factory);
        _secrets = [.. PasswordKeys.Select(k => Lookup(builder, k)).OfType<string>().Where(s => s.Length > 0), connectionString!];
        _server = DescribeServer(builder);
        _connectionString = _dialect.PrepareConnectionString(builder);
        (_schema, _table) = SqlIdentifier.SplitTable(options.Table);
    }

    /// <inheritdoc/>
    public string Kind => KindName;

    /// <summary>Every distinct SQL text this source has run (a handful: the statements are fixed), for tests and diagnostics.</summary>
    internal IReadOnlyCollection<string> CommandTexts => [.. _commandTexts.Keys];

    /// <inheritdoc/>
    public async Task<ConnectionCheck> CheckConnectionAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            var shape = await GetShapeAsync(connection, cancellationToken);
            var readOnly = _dialect.EnforcesReadOnly
                ? "read-only session"
                : "read-only NOT enforced by the hub for this provider: use an account that may only read";
            return new ConnectionCheck(true,
                $"Connected to {_server} ({readOnly}); table {_options.Table} has {shape.TableColumnCount.ToString(CultureInfo.InvariantCulture)} column(s), " +
                $"{shape.Fields.Count.ToString(CultureInfo.InvariantCulture)} read, ordered by ({_options.IncrementalColumn}, {_options.KeyColumn}).");
        }
        catch (ConnectorException ex)
        {
            return new ConnectionCheck(false, ex.Message);
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SourceFeed>> DiscoverAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var shape = await GetShapeAsync(connection, cancellationToken);
        return [new SourceFeed(_options.Table, [.. shape.Fields.Select(f => f.Name)], _options.KeyColumn)];
    }

    /// <inheritdoc/>
    public async Task<SourceBatch> ReadAsync(SourceFeed feed, SourceCursor cursor, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        if (!string.Equals(feed.Name, _options.Table, StringComparison.Ordinal))
        {
            throw new ConnectorException($"This source offers only the feed {_options.Table}, not {SqlIdentifier.Show(feed.Name)}.", isTransient: false);
        }

        var after = SqlKeysetCursor.Parse(cursor);
        await using var connection = await OpenAsync(cancellationToken);
        var shape = await GetShapeAsync(connection, cancellationToken);

        await using var command = CreateCommand(connection, after is null ? shape.FirstPageSql : shape.NextPageSql);
        AddParameter(command, LimitParameter, maxRecords);
        if (after is not null)
        {
            var inc = after.Inc.ToParameterValue();
            AddParameter(command, IncGreaterParameter, inc);
            AddParameter(command, IncEqualParameter, inc);
            AddParameter(command, KeyParameter, after.Key.ToParameterValue());
        }

        var rows = new List<SourceRow>(Math.Min(maxRecords, 4096));
        var read = after?.Read ?? 0;
        object? lastInc = null;
        object? lastKey = null;
        await RunAsync(async () =>
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var typeNames = Enumerable.Range(0, reader.FieldCount).Select(reader.GetDataTypeName).ToArray();
            while (await reader.ReadAsync(cancellationToken))
            {
                var fields = new Dictionary<string, string?>(shape.Fields.Count, StringComparer.Ordinal);
                for (var i = 0; i < shape.Fields.Count; i++)
                {
                    fields[shape.Fields[i].Name] = SqlValueText.Format(reader.GetValue(i), typeNames[i]);
                }

                lastInc = reader.GetValue(shape.IncOrdinal);
                lastKey = reader.GetValue(shape.KeyOrdinal);
                read++;
                rows.Add(new SourceRow(fields, _options.Table, read, ToRawJson(shape.Fields, fields)));
            }

            return 0;
        }, cancellationToken);

        SourceCursor next;
        try
        {
            next = rows.Count == 0
                ? cursor
                : new SqlKeysetCursor(SqlKeysetCursor.TypedValue.From(lastInc!), SqlKeysetCursor.TypedValue.From(lastKey!), read).ToCursor();
        }
        catch (NotSupportedException ex)
        {
            // A column type the cursor cannot carry (binary, JSON, ...): a configuration error, retrying won't help.
            throw new ConnectorException($"SQL table {_options.Table}: {ex.Message}", isTransient: false, ex);
        }

        return new SourceBatch(rows, [], next, Exhausted: rows.Count < maxRecords);
    }

    /// <summary>
    /// Opens a connection the way every read does: read-only where the provider allows (SQLite opens the file
    /// read-only; PostgreSQL makes the session's transactions read-only). Internal so tests can prove writes fail.
    /// </summary>
    internal async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = _factory.CreateConnection()
            ?? throw new ConnectorException($"Provider {_options.ProviderName} cannot create connections.", isTransient: false);
        try
        {
            connection.ConnectionString = _connectionString;
            await RunAsync(async () =>
            {
                await connection.OpenAsync(cancellationToken);
                if (_dialect.ReadOnlyStatement is { } readOnly)
                {
                    await using var command = CreateCommand(connection, readOnly);
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                return 0;
            }, cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Learns the table's columns from the database itself (a zero-row select), so that every configured name is
    /// checked against names the database reports before it is quoted into a statement; then builds the two fixed
    /// statements of the read.
    /// </summary>
    private async Task<TableShape> GetShapeAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (_shape is { } known)
        {
            return known;
        }

        var from = _schema is null ? _dialect.Quote(_table) : _dialect.Quote(_schema) + "." + _dialect.Quote(_table);
        var tableColumns = await RunAsync(async () =>
        {
            await using var command = CreateCommand(connection, $"SELECT * FROM {from} WHERE 1 = 0");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        }, cancellationToken);

        var fields = new List<(string Name, string Column)>();
        var missing = new List<string>();
        void Add(string configured)
        {
            if (fields.Any(f => string.Equals(f.Name, configured, StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            if (Match(tableColumns, configured) is { } column)
            {
                fields.Add((configured, column));
            }
            else if (!missing.Contains(configured, StringComparer.Ordinal))
            {
                missing.Add(configured);
            }
        }

        if (_options.Columns is { Count: > 0 } listed)
        {
            foreach (var column in listed)
            {
                Add(column);
            }
        }
        else
        {
            // Every column under the database's spelling, except the key and incremental columns, which keep the
            // spelling the configuration gave them so that the feed's KeyField names a field that exists.
            var incColumn = Match(tableColumns, _options.IncrementalColumn);
            var keyColumn = Match(tableColumns, _options.KeyColumn);
            foreach (var column in tableColumns)
            {
                Add(column == incColumn ? _options.IncrementalColumn : column == keyColumn ? _options.KeyColumn : column);
            }
        }

        Add(_options.IncrementalColumn);
        Add(_options.KeyColumn);
        if (missing.Count > 0)
        {
            throw new ConnectorException(
                $"Table {_options.Table} on {_server} has no column {string.Join(", ", missing)}. Its columns: {string.Join(", ", tableColumns)}.",
                isTransient: false);
        }

        var incOrdinal = fields.FindIndex(f => string.Equals(f.Name, _options.IncrementalColumn, StringComparison.OrdinalIgnoreCase));
        var keyOrdinal = fields.FindIndex(f => string.Equals(f.Name, _options.KeyColumn, StringComparison.OrdinalIgnoreCase));
        var inc = _dialect.Quote(fields[incOrdinal].Column);
        var key = _dialect.Quote(fields[keyOrdinal].Column);
        var select = string.Join(", ", fields.Select(f => _dialect.Quote(f.Column)));
        var order = $" ORDER BY {inc}, {key}";
        var shape = new TableShape(
            [.. fields.Select(f => new Field(f.Name, f.Column))],
            tableColumns.Count,
            incOrdinal,
            keyOrdinal,
            _dialect.Select(select, from, $" WHERE {inc} IS NOT NULL AND {key} IS NOT NULL{order}", LimitParameter),
            _dialect.Select(select, from, $" WHERE ({inc} > {IncGreaterParameter} OR ({inc} = {IncEqualParameter} AND {key} > {KeyParameter})){order}", LimitParameter));
        _shape = shape;
        return shape;
    }

    /// <summary>The database's spelling of <paramref name="configured"/>: exact first, else the one case-insensitive match (PostgreSQL folds unquoted names to lower case).</summary>
    private static string? Match(List<string> tableColumns, string configured)
    {
        if (tableColumns.Contains(configured, StringComparer.Ordinal))
        {
            return configured;
        }

        var matches = tableColumns.Where(c => string.Equals(c, configured, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    /// <summary>The one place SQL text reaches a command (every statement of this source passes through here).</summary>
    private DbCommand CreateCommand(DbConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        // Safe: sql is either constant text (the dialect's read-only statement) or built by GetShapeAsync only from
        // identifiers that matched SqlIdentifier's strict pattern, exist in the table the database described, and
        // are quoted by the dialect; every value (cursor, limit) is a DbParameter. Identifiers cannot be parameters.
#pragma warning disable CA2100
        command.CommandText = sql;
#pragma warning restore CA2100
        command.CommandTimeout = _options.CommandTimeoutSeconds;
        _commandTexts.TryAdd(sql, 0);
        return command;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Runs database work, turning provider failures into <see cref="ConnectorException"/>s that say whether a retry may help and carry no secret.</summary>
    private async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex, _dialect.IsTransient(ex));
        }
        catch (TimeoutException ex)
        {
            throw Fail(ex, isTransient: true);
        }
        catch (InvalidOperationException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Providers throw this for settings they cannot honour (e.g. a SQLite password without an encrypting build).
            throw Fail(ex, isTransient: false);
        }
    }

    private ConnectorException Fail(Exception ex, bool isTransient) =>
        new($"SQL table {_options.Table} on {_server}: {Redact(ex.Message)}", isTransient, ex);

    /// <summary>Providers do not echo passwords, but a message that somehow contains one must not carry it further.</summary>
    private string Redact(string message)
    {
        foreach (var secret in _secrets)
        {
            message = message.Replace(secret, "***", StringComparison.Ordinal);
        }

        return message;
    }

    private static string ToRawJson(IReadOnlyList<Field> fields, Dictionary<string, string?> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, RawJson))
        {
            writer.WriteStartObject();
            foreach (var field in fields)
            {
                writer.WriteString(field.Name, values[field.Name]);
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string? ResolveConnectionString(SqlTableSourceOptions options, List<string> problems)
    {
        var hasString = !string.IsNullOrWhiteSpace(options.ConnectionString);
        var hasVariable = !string.IsNullOrWhiteSpace(options.ConnectionStringVariable);
        if (hasString == hasVariable)
        {
            problems.Add("Give either ConnectionString or ConnectionStringVariable, not both and not neither.");
            return null;
        }

        if (hasString)
        {
            return options.ConnectionString;
        }

        var value = Environment.GetEnvironmentVariable(options.ConnectionStringVariable!);
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"The environment variable {options.ConnectionStringVariable} (ConnectionStringVariable) is not set.");
            return null;
        }

        return value;
    }

    /// <summary>Provider and, where the string says, host and database (or the SQLite file's name): enough to find the server, nothing secret.</summary>
    private string DescribeServer(DbConnectionStringBuilder builder)
    {
        if (_dialect.Name == "SQLite")
        {
            var file = Lookup(builder, "Data Source");
            return $"SQLite {(string.IsNullOrEmpty(file) ? "(no file)" : Path.GetFileName(file))}";
        }

        var host = HostKeys.Select(k => Lookup(builder, k)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var database = DatabaseKeys.Select(k => Lookup(builder, k)).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        return $"{_dialect.Name} ({_options.ProviderName}) {host ?? "?"}/{database ?? "?"}";
    }

    private static string? Lookup(DbConnectionStringBuilder builder, string key)
    {
        try
        {
            return builder.TryGetValue(key, out var value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;
        }
        catch (ArgumentException)
        {
            return null; // A keyword this provider does not know.
        }
    }

    private sealed record Field(string Name, string Column);

    private sealed record TableShape(IReadOnlyList<Field> Fields, int TableColumnCount, int IncOrdinal, int KeyOrdinal, string FirstPageSql, string NextPageSql);
}
