using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Sql;

namespace IntegrationHub.Connectors.Tests.Sql;

/// <summary>
/// The SQL table source against a real database, the same tests for every dialect (SQLite and PostgreSQL subclasses).
/// Each test gets a fresh database holding a synthetic DJP wajib pajak table: 300 rows, LAST_UPDATED shared by
/// groups of seven so that the key tie-break decides page boundaries, inserted in shuffled order.
/// </summary>
public abstract class SqlTableSourceTests : IAsyncLifetime
{
    protected const string Table = "DJP_WAJIB_PAJAK";
    protected const int RowCount = 300;
    protected static readonly DateTime BaseTime = new(2024, 3, 1, 8, 0, 0, DateTimeKind.Unspecified);

    private static readonly string[] AllColumns =
        ["NPWP", "NIK", "NAMA_WP", "TGL_LAHIR", "ALAMAT", "KELURAHAN", "KECAMATAN", "KOTA", "KODE_POS", "STATUS_WP", "KODE_KPP", "LAST_UPDATED"];

    private static readonly string[] Kelurahan = ["CIPADUNG", "SUKAMISKIN", "MEKARWANGI", "KEBON JERUK", "TEGALLEGA"];

    private readonly List<WajibPajak> _rows = [];

    protected string ConnectionString { get; private set; } = "";

    protected abstract string ProviderName { get; }

    protected abstract DbProviderFactory Factory { get; }

    /// <summary>SQL type of LAST_UPDATED: a real timestamp on PostgreSQL, TEXT 'yyyy-MM-dd HH:mm:ss' on SQLite as agencies store it.</summary>
    protected abstract string TimestampType { get; }

    protected abstract string DateType { get; }

    /// <summary>The test table's name with its schema (PostgreSQL) or database (SQLite <c>main</c>) prefix.</summary>
    protected abstract string QualifiedTable { get; }

    protected abstract Task<string> CreateDatabaseAsync();

    protected abstract object TimestampValue(DateTime value);

    protected abstract object DateValue(DateOnly value);

    /// <summary>A connection string that fails to connect and carries <paramref name="password"/>.</summary>
    protected abstract string FailingConnectionString(string password);

    /// <summary>Asserts the provider refused a write because the connection is read-only (not for some other reason).</summary>
    protected abstract void AssertRefusedAsReadOnly(DbException exception);

    /// <summary>Holds a lock that keeps readers of the table waiting until disposed.</summary>
    protected abstract Task<IAsyncDisposable> LockTableAsync();

    /// <summary>A lock held by an open transaction on <paramref name="connection"/>; disposing rolls it back, since a pooled connection may keep it open.</summary>
    protected sealed class HeldLock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "ROLLBACK";
                await command.ExecuteNonQueryAsync();
            }

            await connection.DisposeAsync();
        }
    }

    public async Task InitializeAsync()
    {
        ConnectionString = await CreateDatabaseAsync();
        await ExecuteAsync(
            $"""
            CREATE TABLE "{Table}" (
                "NPWP" VARCHAR(16) NOT NULL PRIMARY KEY, "NIK" VARCHAR(16), "NAMA_WP" VARCHAR(100) NOT NULL,
                "TGL_LAHIR" {DateType}, "ALAMAT" VARCHAR(200), "KELURAHAN" VARCHAR(60), "KECAMATAN" VARCHAR(60),
                "KOTA" VARCHAR(60), "KODE_POS" VARCHAR(5), "STATUS_WP" VARCHAR(5) NOT NULL, "KODE_KPP" VARCHAR(3),
                "LAST_UPDATED" {TimestampType} NOT NULL)
            """);
        await ExecuteAsync($"""CREATE INDEX "IX_DJP_LAST_UPDATED" ON "{Table}" ("LAST_UPDATED", "NPWP")""");

        var random = new Random(20240301);
        var rows = Enumerable.Range(0, RowCount).Select(Synthetic).ToList();
        // Physical order must not be the read order, or a missing ORDER BY would go unnoticed.
        await InsertAsync([.. rows.OrderBy(_ => random.Next())]);
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Synthetic taxpayers (no real people): 15-digit legacy NPWPs and 16-digit ones equal to the NIK; some NIKs missing or empty.</summary>
    protected static WajibPajak Synthetic(int i)
    {
        var nik = $"3273{(i % 28) + 1:D2}{(i % 12) + 1:D2}{(i % 28) + 41:D2}{i:D6}";
        var npwp = i % 3 == 0 ? nik : $"0{i:D5}{i * 37 % 1000:D3}428000";
        return new WajibPajak(
            npwp,
            (i % 10) switch { 0 => null, 5 => "", _ => nik },
            $"WAJIB PAJAK UJI {i:D4}",
            new DateOnly(1960 + (i % 40), (i % 12) + 1, (i % 28) + 1),
            $"JL. UJI NO. {i} RT 00{(i % 9) + 1} RW 00{(i % 5) + 1}",
            Kelurahan[i % Kelurahan.Length],
            "KECAMATAN UJI",
            "KOTA BANDUNG",
            $"40{i % 1000:D3}",
            i % 4 == 0 ? "NE" : "AKTIF",
            $"{(i % 50) + 400:D3}",
            BaseTime.AddSeconds(i / 7 * 90));
    }

    protected async Task InsertAsync(IReadOnlyList<WajibPajak> rows)
    {
        await using var connection = await OpenWriterAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var row in rows)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{Table}\" ({string.Join(", ", AllColumns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", AllColumns.Select(c => "@" + c))})";
            Add(command, "@NPWP", row.Npwp);
            Add(command, "@NIK", row.Nik);
            Add(command, "@NAMA_WP", row.Nama);
            Add(command, "@TGL_LAHIR", DateValue(row.TglLahir));
            Add(command, "@ALAMAT", row.Alamat);
            Add(command, "@KELURAHAN", row.Kelurahan);
            Add(command, "@KECAMATAN", row.Kecamatan);
            Add(command, "@KOTA", row.Kota);
            Add(command, "@KODE_POS", row.KodePos);
            Add(command, "@STATUS_WP", row.StatusWp);
            Add(command, "@KODE_KPP", row.KodeKpp);
            Add(command, "@LAST_UPDATED", TimestampValue(row.LastUpdated));
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        _rows.AddRange(rows);
    }

    protected async Task UpdateAsync(string npwp, string alamat, DateTime lastUpdated)
    {
        await ExecuteAsync($"UPDATE \"{Table}\" SET \"ALAMAT\" = @a, \"LAST_UPDATED\" = @t WHERE \"NPWP\" = @n", ("@a", alamat), ("@t", TimestampValue(lastUpdated)), ("@n", npwp));
        var index = _rows.FindIndex(r => r.Npwp == npwp);
        _rows[index] = _rows[index] with { Alamat = alamat, LastUpdated = lastUpdated };
    }

    protected async Task<DbConnection> OpenWriterAsync()
    {
        var connection = Factory.CreateConnection()!;
        connection.ConnectionString = ConnectionString;
        await connection.OpenAsync();
        return connection;
    }

    protected async Task ExecuteAsync(string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenWriterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            Add(command, name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    protected async Task<long> CountAsync()
    {
        await using var connection = await OpenWriterAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM \"{Table}\"";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>The table's NPWPs in the order the source must give them: LAST_UPDATED, then NPWP.</summary>
    protected List<string> ExpectedOrder() =>
        [.. _rows.OrderBy(r => r.LastUpdated).ThenBy(r => r.Npwp, StringComparer.Ordinal).Select(r => r.Npwp)];

    protected SqlTableSourceOptions Options(Action<SqlTableSourceOptions>? change = null)
    {
        var options = new SqlTableSourceOptions
        {
            ProviderName = ProviderName,
            ConnectionString = ConnectionString,
            Table = Table,
            KeyColumn = "NPWP",
            IncrementalColumn = "LAST_UPDATED",
        };
        change?.Invoke(options);
        return options;
    }

    protected SqlTableSource CreateSut(Action<SqlTableSourceOptions>? change = null) => new(Options(change));

    protected static SourceFeed Feed(string name = Table) => new(name, [], "NPWP");

    /// <summary>Reads to the end the way the hub does, from <paramref name="cursor"/>, keeping every batch's cursor.</summary>
    protected static async Task<(List<SourceRow> Rows, List<SourceCursor> Cursors, List<SourceBatch> Batches)> DrainAsync(
        SqlTableSource source, SourceCursor cursor, int batchSize, string feed = Table)
    {
        var rows = new List<SourceRow>();
        var cursors = new List<SourceCursor>();
        var batches = new List<SourceBatch>();
        for (var guard = 0; guard < 10_000; guard++)
        {
            var batch = await source.ReadAsync(Feed(feed), cursor, batchSize, CancellationToken.None);
            Assert.Empty(batch.Unreadable);
            batches.Add(batch);
            rows.AddRange(batch.Rows);
            cursor = batch.Next;
            cursors.Add(cursor);
            if (batch.Exhausted)
            {
                return (rows, cursors, batches);
            }
        }

        throw new InvalidOperationException("The source never said it was exhausted.");
    }

    private static List<string> Npwps(IEnumerable<SourceRow> rows) => [.. rows.Select(r => r.Fields["NPWP"]!)];

    [Theory]
    [InlineData(7)]
    [InlineData(50)]
    [InlineData(RowCount)]
    [InlineData(1000)]
    public async Task ReadAsync_FullTableInBatches_ReturnsEveryRowInIncrementalThenKeyOrder(int batchSize)
    {
        var source = CreateSut();

        var (rows, _, batches) = await DrainAsync(source, SourceCursor.Start, batchSize);

        Assert.Equal(ExpectedOrder(), Npwps(rows));
        Assert.Equal(Enumerable.Range(1, RowCount).Select(i => (long?)i), rows.Select(r => r.Offset));
        Assert.All(rows, r => Assert.Equal(Table, r.Location));
        Assert.All(batches.SkipLast(1), b => Assert.Equal(batchSize, b.Rows.Count));
        Assert.True(batches[^1].Rows.Count < batchSize);
        Assert.Equal((RowCount / batchSize) + 1, batches.Count);
    }

    [Fact]
    public async Task ReadAsync_SchemaQualifiedTable_ReadsTheSameRows()
    {
        var source = CreateSut(o => o.Table = QualifiedTable);

        var (rows, _, _) = await DrainAsync(source, SourceCursor.Start, 64, QualifiedTable);

        Assert.Equal(ExpectedOrder(), Npwps(rows));
        Assert.All(rows, r => Assert.Equal(QualifiedTable, r.Location));
    }

    [Fact]
    public async Task ReadAsync_Values_AreInvariantStringsAndRawIsTheRowAsJson()
    {
        var source = CreateSut();

        var (rows, _, _) = await DrainAsync(source, SourceCursor.Start, 100);

        var byNpwp = rows.ToDictionary(r => r.Fields["NPWP"]!);
        var first = Synthetic(0);
        var row = byNpwp[first.Npwp];
        Assert.Equal(AllColumns, row.Fields.Keys);
        Assert.Equal("2024-03-01 08:00:00", row.Fields["LAST_UPDATED"]);
        Assert.Equal(first.TglLahir.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), row.Fields["TGL_LAHIR"]);
        Assert.Null(row.Fields["NIK"]);
        Assert.Equal("", byNpwp[Synthetic(5).Npwp].Fields["NIK"]);
        Assert.Equal(16, first.Npwp.Length);
        Assert.Equal(15, Synthetic(1).Npwp.Length);
        Assert.Equal("2024-03-01 08:01:30", byNpwp[Synthetic(7).Npwp].Fields["LAST_UPDATED"]);

        using var raw = JsonDocument.Parse(row.Raw!);
        Assert.Equal(AllColumns, raw.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, raw.RootElement.GetProperty("NIK").ValueKind);
        Assert.Equal(first.Nama, raw.RootElement.GetProperty("NAMA_WP").GetString());
    }

    [Fact]
    public async Task ReadAsync_ResumedFromEveryIntermediateCursor_GivesExactlyTheRemainder()
    {
        // 13 does not divide the tie groups of 7, so many pages end in the middle of a group of equal LAST_UPDATED.
        var (all, cursors, _) = await DrainAsync(CreateSut(), SourceCursor.Start, 13);
        var expected = ExpectedOrder();
        Assert.Equal(expected, Npwps(all));
        var lastUpdated = all.Select(r => r.Fields["LAST_UPDATED"]).ToList();
        Assert.Contains(Enumerable.Range(1, cursors.Count - 1), n => n * 13 < all.Count && lastUpdated[(n * 13) - 1] == lastUpdated[n * 13]);

        for (var n = 0; n < cursors.Count; n++)
        {
            // A fresh source each time, as after a restart.
            var (rest, _, _) = await DrainAsync(CreateSut(), cursors[n], 13);

            var done = Math.Min((n + 1) * 13, all.Count);
            Assert.Equal(expected.Skip(done), Npwps(rest));
            Assert.Equal(Enumerable.Range(done + 1, all.Count - done).Select(i => (long?)i), rest.Select(r => r.Offset));
        }
    }

    [Fact]
    public async Task ReadAsync_AfterNewAndUpdatedRows_ReturnsOnlyThose()
    {
        var (_, cursors, _) = await DrainAsync(CreateSut(), SourceCursor.Start, 64);
        var end = cursors[^1];
        var later = BaseTime.AddDays(1);
        await InsertAsync([.. Enumerable.Range(RowCount, 5).Select(i => Synthetic(i) with { LastUpdated = later.AddSeconds(i % 2) })]);
        var changed = new[] { Synthetic(3).Npwp, Synthetic(150).Npwp, Synthetic(299).Npwp };
        foreach (var npwp in changed)
        {
            await UpdateAsync(npwp, "JL. PINDAH NO. 1 RT 001 RW 002", later);
        }

        var (rows, _, _) = await DrainAsync(CreateSut(), end, 3);

        var expected = ExpectedOrder().Skip(RowCount - changed.Length).ToList();
        Assert.Equal(8, expected.Count);
        Assert.Equal(expected, Npwps(rows));
        Assert.Equal(Enumerable.Range(RowCount + 1, 8).Select(i => (long?)i), rows.Select(r => r.Offset));
        Assert.All(rows.Where(r => changed.Contains(r.Fields["NPWP"])), r => Assert.Equal("JL. PINDAH NO. 1 RT 001 RW 002", r.Fields["ALAMAT"]));

        var (again, _, _) = await DrainAsync(CreateSut(), end, 100);
        Assert.Equal(expected, Npwps(again));
    }

    [Theory]
    [InlineData("Table", "DJP_WAJIB_PAJAK; DROP TABLE \"DJP_WAJIB_PAJAK\"; --")]
    [InlineData("Table", "DJP_WAJIB_PAJAK\" WHERE 1=1 --")]
    [InlineData("Table", "a.b.DJP_WAJIB_PAJAK")]
    [InlineData("Table", "(SELECT 1)")]
    [InlineData("KeyColumn", "NPWP\" > '' OR 1=1 --")]
    [InlineData("IncrementalColumn", "LAST_UPDATED; DELETE FROM DJP_WAJIB_PAJAK")]
    [InlineData("Columns", "NAMA_WP, (SELECT version())")]
    [InlineData("Columns", "NAMA WP")]
    [InlineData("Columns", "NAMA_WP\u0000")]
    [InlineData("Columns", "NAMA_WP\"")]
    public async Task Constructor_InjectionInAnIdentifier_IsRefusedBeforeAnySqlRuns(string option, string value)
    {
        var options = Options(o =>
        {
            switch (option)
            {
                case "Table": o.Table = value; break;
                case "KeyColumn": o.KeyColumn = value; break;
                case "IncrementalColumn": o.IncrementalColumn = value; break;
                default: o.Columns = ["NPWP", value]; break;
            }
        });

        var ex = Assert.Throws<ConnectorException>(() => new SqlTableSource(options));

        Assert.False(ex.IsTransient);
        Assert.Contains(option == "Columns" ? "Column " : option, ex.Message, StringComparison.Ordinal);
        Assert.Contains("not a plain", ex.Message, StringComparison.Ordinal);
        Assert.Equal(RowCount, await CountAsync());
    }

    [Fact]
    public async Task ReadAsync_UnknownColumn_IsRefusedPermanentlyNamingIt()
    {
        var source = CreateSut(o => o.Columns = ["NPWP", "NAMA_WP", "ALAMAT_LENGKAP"]);

        var check = await source.CheckConnectionAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(check.Succeeded);
        Assert.Contains("ALAMAT_LENGKAP", check.Message, StringComparison.Ordinal);
        Assert.False(ex.IsTransient);
        Assert.Contains("no column ALAMAT_LENGKAP", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConnectorException>(() => source.DiscoverAsync(CancellationToken.None));
    }

    [Fact]
    public async Task ReadAsync_UnknownKeyColumnOrTable_IsPermanent()
    {
        var noKey = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateSut(o => o.KeyColumn = "NO_NPWP").ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));
        var noTable = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateSut(o => o.Table = "DJP_TIDAK_ADA").ReadAsync(Feed("DJP_TIDAK_ADA"), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(noKey.IsTransient);
        Assert.Contains("NO_NPWP", noKey.Message, StringComparison.Ordinal);
        Assert.False(noTable.IsTransient);
        Assert.Contains("DJP_TIDAK_ADA", noTable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_ColumnsSubset_ReadsThoseAndAlwaysTheKeyAndIncrementalColumn()
    {
        var source = CreateSut(o => o.Columns = ["NAMA_WP", "STATUS_WP"]);

        var feeds = await source.DiscoverAsync(CancellationToken.None);
        var batch = await source.ReadAsync(feeds[0], SourceCursor.Start, 5, CancellationToken.None);

        Assert.Equal(["NAMA_WP", "STATUS_WP", "LAST_UPDATED", "NPWP"], feeds[0].Fields);
        Assert.All(batch.Rows, r => Assert.Equal(feeds[0].Fields, r.Fields.Keys));
        Assert.Equal(ExpectedOrder().Take(5), Npwps(batch.Rows));
    }

    [Fact]
    public async Task DiscoverAsync_OneFeedNamedAfterTheTable_WithItsColumnsAndKey()
    {
        var feeds = await CreateSut().DiscoverAsync(CancellationToken.None);

        var feed = Assert.Single(feeds);
        Assert.Equal(Table, feed.Name);
        Assert.Equal(AllColumns, feed.Fields);
        Assert.Equal("NPWP", feed.KeyField);
    }

    [Fact]
    public async Task CheckConnectionAsync_Reachable_SucceedsWithoutEchoingTheConnectionString()
    {
        var check = await CreateSut().CheckConnectionAsync(CancellationToken.None);

        Assert.True(check.Succeeded, check.Message);
        Assert.Contains(Table, check.Message, StringComparison.Ordinal);
        Assert.Contains("read-only session", check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ConnectionString, check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_TheSourcesConnection_RefusesWrites()
    {
        var source = CreateSut();
        await using var connection = await source.OpenAsync(CancellationToken.None);

        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT COUNT(*) FROM \"{Table}\"";
            Assert.Equal(RowCount, Convert.ToInt64(await read.ExecuteScalarAsync(), CultureInfo.InvariantCulture));
        }

        foreach (var sql in new[] { $"DELETE FROM \"{Table}\"", $"UPDATE \"{Table}\" SET \"NAMA_WP\" = 'X'", "CREATE TABLE \"HUB_PROBE\" (\"X\" INTEGER)" })
        {
            await using var write = connection.CreateCommand();
            write.CommandText = sql;
            var ex = await Assert.ThrowsAnyAsync<DbException>(() => write.ExecuteNonQueryAsync());
            AssertRefusedAsReadOnly(ex);
        }

        Assert.Equal(RowCount, await CountAsync());
    }

    [Fact]
    public async Task ReadAsync_GeneratedSql_IsKeysetWithoutOffsetAndValuesAreParameters()
    {
        var source = CreateSut();

        var (rows, _, _) = await DrainAsync(source, SourceCursor.Start, 50);

        var texts = source.CommandTexts;
        Assert.All(texts, t => Assert.DoesNotContain("OFFSET", t, StringComparison.OrdinalIgnoreCase));
        var selects = texts.Where(t => t.Contains("ORDER BY", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, selects.Count);
        Assert.All(selects, t => Assert.EndsWith("ORDER BY \"LAST_UPDATED\", \"NPWP\" LIMIT @hub_limit", t, StringComparison.Ordinal));
        Assert.Contains(selects, t => t.Contains(
            "WHERE (\"LAST_UPDATED\" > @hub_inc_gt OR (\"LAST_UPDATED\" = @hub_inc_eq AND \"NPWP\" > @hub_key))", StringComparison.Ordinal));
        // No value ever reaches the SQL text: not a key, not a timestamp, not the batch size.
        Assert.All(texts, t => Assert.DoesNotContain(rows[49].Fields["NPWP"]!, t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("2024", t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain("50", t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_IntegerIncrementalAndKey_ComparedAsNumbersNotText()
    {
        await ExecuteAsync("CREATE TABLE \"VERSIONED\" (\"ID\" BIGINT NOT NULL PRIMARY KEY, \"VERSION\" BIGINT NOT NULL, \"NAMA\" VARCHAR(40))");
        // IDs 7..2100 and versions 0..99: text order ("10" < "9") differs from numeric order, and versions tie in threes.
        var ids = Enumerable.Range(1, 300).Select(i => (Id: (long)i * 7, Version: (long)(i % 100))).ToList();
        await using (var connection = await OpenWriterAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            foreach (var (id, version) in ids)
            {
                await using var insert = connection.CreateCommand();
                insert.Transaction = transaction;
                insert.CommandText = "INSERT INTO \"VERSIONED\" (\"ID\", \"VERSION\", \"NAMA\") VALUES (@i, @v, @n)";
                Add(insert, "@i", id);
                Add(insert, "@v", version);
                Add(insert, "@n", $"BARIS {id}");
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var source = CreateSut(o => { o.Table = "VERSIONED"; o.KeyColumn = "ID"; o.IncrementalColumn = "VERSION"; });
        var (rows, cursors, _) = await DrainAsync(source, SourceCursor.Start, 4, "VERSIONED");
        var (rest, _, _) = await DrainAsync(CreateSut(o => { o.Table = "VERSIONED"; o.KeyColumn = "ID"; o.IncrementalColumn = "VERSION"; }), cursors[30], 4, "VERSIONED");

        var expected = ids.OrderBy(x => x.Version).ThenBy(x => x.Id).Select(x => x.Id.ToString(CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(expected, rows.Select(r => r.Fields["ID"]));
        Assert.Equal(expected.Skip(31 * 4), rest.Select(r => r.Fields["ID"]));
    }

    [Fact]
    public async Task ReadAsync_ConnectionFailure_NeverEchoesThePassword()
    {
        const string Password = "Rahasia-Sekali-9f3b7c";
        var source = CreateSut(o => o.ConnectionString = FailingConnectionString(Password));

        var check = await source.CheckConnectionAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(check.Succeeded);
        Assert.DoesNotContain(Password, check.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ex.ToString(), StringComparison.Ordinal);
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Password, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ReadAsync_TableLockedPastTheCommandTimeout_IsTransient()
    {
        var source = CreateSut(o => o.CommandTimeoutSeconds = 1);
        var ex = default(ConnectorException);
        await using (await LockTableAsync())
        {
            ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(), SourceCursor.Start, 10, CancellationToken.None));
        }

        Assert.True(ex.IsTransient, ex.ToString());
        var (rows, _, _) = await DrainAsync(source, SourceCursor.Start, 100);
        Assert.Equal(RowCount, rows.Count);
    }

    [Fact]
    public async Task ReadAsync_CursorNotWrittenByThisSource_IsRefusedPermanently()
    {
        var source = CreateSut();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            source.ReadAsync(Feed(), new SourceCursor("{\"file\":\"a.csv\",\"line\":3}"), 10, CancellationToken.None));
        var badType = await Assert.ThrowsAsync<ConnectorException>(() =>
            source.ReadAsync(Feed(), new SourceCursor("{\"inc\":{\"type\":\"integer\",\"value\":\"x\"},\"key\":{\"type\":\"text\",\"value\":\"1\"},\"read\":1}"), 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.False(badType.IsTransient);
    }

    [Fact]
    public async Task ReadAsync_FeedOfAnotherName_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<ConnectorException>(() =>
            CreateSut().ReadAsync(Feed("files"), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
    }

    protected sealed record WajibPajak(
        string Npwp, string? Nik, string Nama, DateOnly TglLahir, string Alamat, string Kelurahan, string Kecamatan,
        string Kota, string KodePos, string StatusWp, string KodeKpp, DateTime LastUpdated);
}
