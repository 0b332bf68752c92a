using System.Diagnostics;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Rest;

namespace IntegrationHub.Connectors.Tests.Rest;

public sealed class RestJsonSourceTests : IAsyncLifetime
{
    private const string Secret = "s3cr3t-BPJS-key-7f41c9";
    private const int SampleSize = 120;

    private static readonly Lazy<string> s_sampleFile = new(() =>
        BpjsSampleData.WriteFile(Path.Combine(Directory.CreateTempSubdirectory("hub-bpjs-").FullName, "peserta.json"), SampleSize));

    // Unique per test instance: environment variables are process-wide and test classes run in parallel.
    private readonly string _secretVariable = "HUB_TEST_BPJS_KEY_" + Guid.NewGuid().ToString("N");
    private BpjsSampleServer _server = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable(_secretVariable, Secret);
        _server = await BpjsSampleServer.StartAsync(s_sampleFile.Value, 0, CancellationToken.None);
        // The first request to a fresh server pays for JIT and can outlast the tests' short attempt timeouts.
        using (var warmUp = new HttpClient())
        {
            (await warmUp.GetAsync(new Uri(_server.BaseAddress, "peserta?size=1"))).Dispose();
        }

        _server.ClearRequests();
        _server.ApiKeyHeader = "X-Api-Key";
        _server.ApiKey = Secret;
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        await _server.DisposeAsync();
    }

    private RestJsonSource CreateSut(Action<RestJsonSourceOptions>? configure = null, Uri? baseAddress = null)
    {
        var options = new RestJsonSourceOptions
        {
            BaseAddress = baseAddress ?? _server.BaseAddress,
            Path = BpjsSampleServer.PesertaPath,
            ItemsPath = "response.list",
            PageSize = 25,
            UpdatedSinceParameter = "updatedSince",
            UpdatedField = "lastUpdate",
            KeyField = "noKartu",
            AuthHeader = "X-Api-Key",
            AuthSecretVariable = _secretVariable,
            // Small delays keep the tests fast; the behaviour is the same at production values.
            AttemptTimeout = TimeSpan.FromSeconds(2),
            OverallTimeout = TimeSpan.FromSeconds(10),
            MaxRetryAttempts = 4,
            RetryDelay = TimeSpan.FromMilliseconds(5),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
        };
        configure?.Invoke(options);
        return new RestJsonSource("bpjs", options);
    }

    private static SourceFeed Feed(RestJsonSource source) => new(source.FeedName, [], "noKartu");

    private sealed record Drained(List<string> Keys, List<SourceRow> Rows, List<SourceCursor> Cursors, int Batches);

    /// <summary>Reads to exhaustion the way the hub does, going on from each returned cursor.</summary>
    private static async Task<Drained> DrainAsync(RestJsonSource source, SourceCursor cursor, int batch)
    {
        var rows = new List<SourceRow>();
        var cursors = new List<SourceCursor>();
        for (var n = 1; n < 1000; n++)
        {
            var result = await source.ReadAsync(Feed(source), cursor, batch, CancellationToken.None);
            Assert.True(result.Rows.Count <= batch);
            rows.AddRange(result.Rows);
            cursor = result.Next;
            cursors.Add(cursor);
            if (result.Exhausted)
            {
                return new Drained([.. rows.Select(r => r.Fields["noKartu"]!)], rows, cursors, n);
            }
        }

        throw new InvalidOperationException("The source never reported exhaustion.");
    }

    private List<string> SampleKeys() => [.. _server.Ordered.Select(r => (string)r["noKartu"]!)];

    private static void AssertNoSecret(string? text) =>
        Assert.DoesNotContain(Secret, text ?? "", StringComparison.Ordinal);

    [Fact]
    public async Task ReadAsync_PageNumberPaging_ReturnsTheWholeSampleInServerOrder()
    {
        using var source = CreateSut();

        var drained = await DrainAsync(source, SourceCursor.Start, 17);

        Assert.Equal(SampleKeys(), drained.Keys);
        Assert.Equal(Enumerable.Range(0, SampleSize).Select(i => (long?)i), drained.Rows.Select(r => r.Offset));
        Assert.All(drained.Rows, r => Assert.Equal("/peserta", r.Location));
        // Raw is the record exactly as served.
        Assert.All(drained.Rows.Zip(_server.Ordered), p => Assert.True(JsonNode.DeepEquals(p.Second, JsonNode.Parse(p.First.Raw!))));
        // Pages of 25: five requests, the last one short.
        Assert.Equal(["/peserta?page=1&size=25", "/peserta?page=2&size=25", "/peserta?page=3&size=25", "/peserta?page=4&size=25", "/peserta?page=5&size=25"],
            _server.Requests.Select(r => r.PathAndQuery).Distinct());
    }

    [Fact]
    public async Task ReadAsync_Record_IsFlattenedByDottedPath()
    {
        using var source = CreateSut();

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 3, CancellationToken.None);

        var expected = _server.Ordered[0];
        var fields = batch.Rows[0].Fields;
        Assert.Equal((string?)expected["jenisPeserta"]!["kode"], fields["jenisPeserta.kode"]);
        Assert.Equal((string?)expected["jenisPeserta"]!["keterangan"], fields["jenisPeserta.keterangan"]);
        Assert.Equal((string?)expected["provUmum"]!["kdProvider"], fields["provUmum.kdProvider"]);
        Assert.Equal((string?)expected["hakKelas"]!["keterangan"], fields["hakKelas.keterangan"]);
        Assert.Equal((string?)expected["lastUpdate"], fields["lastUpdate"]);
        Assert.False(fields.ContainsKey("jenisPeserta"));
        // The first record of the sample has no NIK: the field is there, null.
        Assert.Contains(batch.Rows, r => r.Fields.ContainsKey("nik") && r.Fields["nik"] is null);
    }

    [Fact]
    public async Task ReadAsync_ScalarsArraysAndEmptyObjects_AreFlattenedAsStrings()
    {
        await using var server = await LoopbackServer.JsonAsync(_ =>
            """[{"id":"1","n":12.50,"big":12345678901234567890,"ok":true,"no":false,"nik":null,"tags":["a",1],"cob":{},"a":{"b":{"c":"deep"}}}]""");
        using var source = CreateSut(o => (o.ItemsPath, o.AuthHeader, o.AuthSecretVariable) = (null, null, null), server.BaseAddress);

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None);

        var expected = new Dictionary<string, string?>
        {
            ["id"] = "1", ["n"] = "12.50", ["big"] = "12345678901234567890", ["ok"] = "true", ["no"] = "false",
            ["nik"] = null, ["tags"] = """["a",1]""", ["cob"] = null, ["a.b.c"] = "deep",
        };
        Assert.Equal(expected, Assert.Single(batch.Rows).Fields);
        Assert.True(batch.Exhausted);
    }

    [Fact]
    public async Task ReadAsync_RecordThatIsNotAnObject_GoesToUnreadableAndTheReadGoesOn()
    {
        await using var server = await LoopbackServer.JsonAsync(_ => """{"data":[{"id":"a"},42,"teks",{"id":"b"}]}""");
        using var source = CreateSut(o => (o.ItemsPath, o.AuthHeader, o.AuthSecretVariable) = ("data", null, null), server.BaseAddress);

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None);

        Assert.Equal(["a", "b"], batch.Rows.Select(r => r.Fields["id"]));
        Assert.Equal([0L, 3L], batch.Rows.Select(r => r.Offset!.Value));
        Assert.Equal(2, batch.Unreadable.Count);
        Assert.All(batch.Unreadable, u => Assert.Equal(RestJsonSource.NotAnObjectReason, u.Reason));
        Assert.Equal(["42", "\"teks\""], batch.Unreadable.Select(u => u.RawRecord));
        Assert.Equal([1L, 2L], batch.Unreadable.Select(u => u.Line!.Value));
        Assert.All(batch.Unreadable, u => Assert.Equal("bpjs", u.Source));
        Assert.True(batch.Exhausted);
    }

    [Fact]
    public async Task ReadAsync_NextLinkPaging_FollowsTheLinksToTheEnd()
    {
        _server.NextLinks = true;
        using var source = CreateSut(o => (o.Paging, o.PageSize) = (RestJsonSourceOptions.NextLinkPaging, 30));

        var drained = await DrainAsync(source, SourceCursor.Start, 50);

        Assert.Equal(SampleKeys(), drained.Keys);
        Assert.Equal(["/peserta?size=30", "/peserta?page=2&size=30", "/peserta?page=3&size=30", "/peserta?page=4&size=30"],
            _server.Requests.Select(r => r.PathAndQuery).Distinct());
    }

    [Fact]
    public async Task ReadAsync_NextLinkWithAbsoluteUrlAndNullTerminator_IsFollowed()
    {
        // A tiny API of its own: absolute links, and the last page says "next": null.
        LoopbackServer? server = null;
        server = await LoopbackServer.JsonAsync(context => context.Request.Query["cursor"].ToString() switch
        {
            "" => $$$"""{"items":[{"id":"1"},{"id":"2"}],"paging":{"next":"{{{server!.BaseAddress}}}things?cursor=abc"}}""",
            "abc" => """{"items":[{"id":"3"}],"paging":{"next":null}}""",
            _ => """{"items":[]}""",
        });
        await using var _ = server;
        using var source = CreateSut(
            o => (o.Path, o.Paging, o.NextLinkPath, o.ItemsPath, o.SizeParameter, o.AuthHeader, o.AuthSecretVariable, o.UpdatedSinceParameter, o.UpdatedField)
                = ("/things", RestJsonSourceOptions.NextLinkPaging, "/paging/next", "items", null, null, null, null, null),
            server.BaseAddress);

        var first = await source.ReadAsync(Feed(source), SourceCursor.Start, 2, CancellationToken.None);
        var second = await source.ReadAsync(Feed(source), first.Next, 2, CancellationToken.None);

        Assert.Equal(["1", "2"], first.Rows.Select(r => r.Fields["id"]));
        Assert.False(first.Exhausted);
        Assert.Equal(["3"], second.Rows.Select(r => r.Fields["id"]));
        Assert.True(second.Exhausted);
        // Not incremental: the cursor stays at the end, so reading again returns nothing new.
        var again = await source.ReadAsync(Feed(source), second.Next, 2, CancellationToken.None);
        Assert.Empty(again.Rows);
        Assert.True(again.Exhausted);
    }

    [Fact]
    public async Task ReadAsync_NextLinkToAnotherOrigin_IsRefusedAsNonTransient()
    {
        await using var server = await LoopbackServer.JsonAsync(_ => """{"items":[{"id":"1"}],"links":{"next":"http://example.invalid/steal"}}""");
        using var source = CreateSut(o => (o.Paging, o.ItemsPath, o.AuthHeader, o.AuthSecretVariable) = (RestJsonSourceOptions.NextLinkPaging, "items", "X-Api-Key", _secretVariable), server.BaseAddress);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains("another origin", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(RestJsonSourceOptions.PageNumberPaging)]
    [InlineData(RestJsonSourceOptions.NextLinkPaging)]
    public async Task ReadAsync_ResumedFromEveryCursor_GivesExactlyTheRest(string paging)
    {
        _server.NextLinks = true;
        using var source = CreateSut(o => o.Paging = paging);
        var full = await DrainAsync(source, SourceCursor.Start, 13);
        Assert.Equal(SampleKeys(), full.Keys);

        var readBefore = 0;
        for (var k = 0; k < full.Cursors.Count - 1; k++)
        {
            readBefore = Math.Min(SampleSize, readBefore + 13);
            // A fresh source, as after a restart: nothing but the committed cursor carries over.
            using var resumed = CreateSut(o => o.Paging = paging);
            var rest = await DrainAsync(resumed, full.Cursors[k], 13);
            Assert.Equal(full.Keys.Skip(readBefore), rest.Keys);
            Assert.Equal(Enumerable.Range(readBefore, SampleSize - readBefore).Select(i => (long?)i), rest.Rows.Select(r => r.Offset));
        }

        Assert.All(full.Cursors, c => AssertNoSecret(c.Value));
    }

    [Fact]
    public async Task ReadAsync_AfterAFullPass_AsksOnlyForRecordsUpdatedSince()
    {
        using var source = CreateSut();
        var full = await DrainAsync(source, SourceCursor.Start, 40);
        var maxUpdate = _server.Ordered[^1]["lastUpdate"]!.GetValue<string>();

        // Unchanged data: the next run asks for changes after the newest record and gets none.
        var nothing = await source.ReadAsync(Feed(source), full.Cursors[^1], 40, CancellationToken.None);
        Assert.Empty(nothing.Rows);
        Assert.True(nothing.Exhausted);
        Assert.Equal($"/peserta?page=1&size=25&updatedSince={Uri.EscapeDataString(maxUpdate)}", _server.Requests[^1].PathAndQuery);

        // One participant changes and one joins: only those two come back, in update order.
        var changed = _server.Ordered[10].DeepClone().AsObject();
        changed["alamat"] = "JL. BARU NO. 1";
        changed["lastUpdate"] = "2099-01-01 10:00:00";
        var joined = _server.Ordered[0].DeepClone().AsObject();
        joined["noKartu"] = "0001999999999";
        joined["lastUpdate"] = "2099-01-01 09:00:00";
        _server.Upsert(changed);
        _server.Upsert(joined);

        var later = await DrainAsync(source, nothing.Next, 40);

        Assert.Equal(["0001999999999", (string)changed["noKartu"]!], later.Keys);
        Assert.Equal("JL. BARU NO. 1", later.Rows[1].Fields["alamat"]);
        var again = await source.ReadAsync(Feed(source), later.Cursors[^1], 40, CancellationToken.None);
        Assert.Empty(again.Rows);
    }

    [Fact]
    public async Task ReadAsync_ServerErrorsTruncatedBodyAndSlowResponse_AreRetriedAndTheReadCompletes()
    {
        _server.Faults = n => n switch
        {
            2 => new SampleFault(Status: 500),
            3 => new SampleFault(Status: 503),
            5 => new SampleFault(Truncate: true),
            7 => new SampleFault(Delay: TimeSpan.FromSeconds(5)),
            _ => null,
        };
        using var source = CreateSut(o => o.AttemptTimeout = TimeSpan.FromMilliseconds(300));

        var drained = await DrainAsync(source, SourceCursor.Start, 50);

        Assert.Equal(SampleKeys(), drained.Keys);
        // Five pages plus the four failed attempts.
        Assert.Equal(9, _server.Requests.Count);
    }

    [Fact]
    public async Task ReadAsync_TooManyRequestsWithRetryAfter_WaitsAsLongAsAsked()
    {
        _server.Faults = n => n == 2 ? new SampleFault(Status: 429, RetryAfter: "1") : null;
        using var source = CreateSut();

        var drained = await DrainAsync(source, SourceCursor.Start, 50);

        Assert.Equal(SampleKeys(), drained.Keys);
        var requests = _server.Requests;
        var waited = TimeProvider.System.GetElapsedTime(requests[1].Timestamp, requests[2].Timestamp);
        // The backoff alone would be a few milliseconds; the server asked for a second.
        Assert.InRange(waited, TimeSpan.FromMilliseconds(950), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task ReadAsync_RetryAfterLongerThanTheCap_WaitsOnlyTheCap()
    {
        _server.Faults = n => n == 1 ? new SampleFault(Status: 503, RetryAfter: "3600") : null;
        using var source = CreateSut(o => o.MaxRetryDelay = TimeSpan.FromMilliseconds(200));

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 5, CancellationToken.None);

        Assert.Equal(5, batch.Rows.Count);
        var requests = _server.Requests;
        Assert.InRange(TimeProvider.System.GetElapsedTime(requests[0].Timestamp, requests[1].Timestamp), TimeSpan.FromMilliseconds(150), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ReadAsync_TruncatedJsonEveryTime_IsRetriedThenSurfacesAsTransient()
    {
        _server.Faults = _ => new SampleFault(Truncate: true);
        using var source = CreateSut(o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
        AssertNoSecret(ex.ToString());
    }

    [Fact]
    public async Task ReadAsync_SlowEveryTime_TimesOutAsTransient()
    {
        _server.Faults = _ => new SampleFault(Delay: TimeSpan.FromSeconds(10));
        using var source = CreateSut(o => (o.AttemptTimeout, o.MaxRetryAttempts) = (TimeSpan.FromMilliseconds(200), 1));

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("timed out", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
        AssertNoSecret(ex.ToString());
    }

    [Fact]
    public async Task ReadAsync_Unauthorized_SurfacesAtOnceAsNonTransientWithoutTheSecret()
    {
        _server.ApiKey = "the-right-key";
        using var source = CreateSut();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains("401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Unauthorized", ex.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
        // The server echoed the key it was sent in its body; none of that may reach the exception.
        AssertNoSecret(ex.ToString());
    }

    [Fact]
    public async Task ReadAsync_ServerErrorsEveryTime_SurfaceAsTransientWithTheStatus()
    {
        _server.Faults = _ => new SampleFault(Status: 502);
        using var source = CreateSut(o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("502", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
        AssertNoSecret(ex.ToString());
    }

    [Fact]
    public async Task ReadAsync_RepeatedFailures_OpenTheCircuitSoLaterCallsDoNotReachTheServer()
    {
        _server.Faults = _ => new SampleFault(Status: 500);
        using var source = CreateSut(o => (o.MaxRetryAttempts, o.CircuitBreakerFailures, o.CircuitBreakDuration) = (1, 3, TimeSpan.FromSeconds(30)));

        var first = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));
        Assert.Contains("500", first.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);

        // The third failure opens the circuit; the retry after it is refused without a request.
        var second = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));
        Assert.Contains("circuit", second.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);

        var clock = Stopwatch.StartNew();
        var third = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));
        Assert.True(third.IsTransient);
        Assert.Contains("circuit", third.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ReadAsync_SecretVariableMissing_FailsNamingTheVariableWithoutCallingTheServer()
    {
        Environment.SetEnvironmentVariable(_secretVariable, null);
        using var source = CreateSut();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));
        var check = await source.CheckConnectionAsync(CancellationToken.None);

        Assert.False(ex.IsTransient);
        Assert.Contains(_secretVariable, ex.Message, StringComparison.Ordinal);
        Assert.False(check.Succeeded);
        Assert.Contains(_secretVariable, check.Message, StringComparison.Ordinal);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task ReadAsync_BearerScheme_SendsSchemeAndSecret()
    {
        _server.ApiKeyHeader = "Authorization";
        _server.ApiKey = "Bearer " + Secret;
        using var source = CreateSut(o => (o.AuthHeader, o.AuthScheme) = ("Authorization", "Bearer"));

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 5, CancellationToken.None);

        Assert.Equal(5, batch.Rows.Count);
        AssertNoSecret(batch.Next.Value);
    }

    [Fact]
    public async Task CheckConnectionAsync_AsksForOneRecordAndReportsWithoutTheSecret()
    {
        using var source = CreateSut();

        var ok = await source.CheckConnectionAsync(CancellationToken.None);
        _server.ApiKey = "another";
        var refused = await source.CheckConnectionAsync(CancellationToken.None);

        Assert.True(ok.Succeeded, ok.Message);
        Assert.Equal("/peserta?page=1&size=1", _server.Requests[0].PathAndQuery);
        Assert.False(refused.Succeeded);
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
        AssertNoSecret(ok.Message);
        AssertNoSecret(refused.Message);
    }

    [Fact]
    public async Task DiscoverAsync_ReturnsOneFeedWithTheFirstRecordsFieldsAndTheKey()
    {
        using var source = CreateSut();

        var feed = Assert.Single(await source.DiscoverAsync(CancellationToken.None));

        Assert.Equal("peserta", feed.Name);
        Assert.Equal("noKartu", feed.KeyField);
        Assert.Contains("jenisPeserta.kode", feed.Fields);
        Assert.Contains("provUmum.nmProvider", feed.Fields);
        Assert.Contains("lastUpdate", feed.Fields);
        // Discovery's answer is usable as the feed to read.
        var batch = await source.ReadAsync(feed, SourceCursor.Start, 1, CancellationToken.None);
        Assert.Single(batch.Rows);
    }

    [Fact]
    public async Task ReadAsync_NullResponse_IsAnEmptyPass()
    {
        // VClaim answers "no data" with "response": null.
        await using var server = await LoopbackServer.JsonAsync(_ => """{"metaData":{"code":"201","message":"Data tidak ditemukan"},"response":null}""");
        using var source = CreateSut(o => (o.AuthHeader, o.AuthSecretVariable) = (null, null), server.BaseAddress);

        var batch = await source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None);

        Assert.Empty(batch.Rows);
        Assert.True(batch.Exhausted);
    }

    [Fact]
    public async Task ReadAsync_ItemsPathMissing_IsANonTransientConfigurationError()
    {
        using var source = CreateSut(o => o.ItemsPath = "response.rows");

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains("response.rows", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_CursorOfAnotherKind_IsRefused()
    {
        using var source = CreateSut();

        var ex = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(Feed(source), new SourceCursor("line 42"), 10, CancellationToken.None));

        Assert.False(ex.IsTransient);
    }
}
