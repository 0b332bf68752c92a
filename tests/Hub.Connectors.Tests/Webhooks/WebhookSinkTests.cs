using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Webhooks;

namespace IntegrationHub.Connectors.Tests.Webhooks;

public sealed class WebhookSinkTests : IDisposable
{
    private readonly HttpClient _http = new();
    private readonly WebhookSecret _secret = WebhookSecret.Generate();

    public void Dispose() => _http.Dispose();

    private WebhookSink CreateSut(Uri url, IEnumerable<WebhookSecret>? secrets = null, TimeSpan? timeout = null, string? bearerVariable = null) =>
        new(new WebhookSinkOptions { Url = url, Timeout = timeout ?? WebhookSinkOptions.DefaultTimeout, BearerTokenEnvironmentVariable = bearerVariable },
            secrets ?? [_secret], _http);

    private static SinkMessage Message(string id, string? body = null) =>
        new(id, DateTimeOffset.UtcNow, body ?? $"{{\"id\":\"{id}\",\"type\":\"person.updated\"}}");

    [Fact]
    public async Task WriteAsync_VerifyingReceiver_AcceptsEveryMessageWithHeadersAndExactBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync(new WebhookVerifier([_secret]));
        // Non-ASCII and odd spacing: the body must arrive byte for byte as given, or signatures would not match.
        SinkMessage[] batch =
        [
            Message("evt_1", "{\"nama\": \"Siti Aisyah\",  \"alamat\":\"Jl. Merdeka — Bekasi\"}"),
            Message("evt_2", "{\"type\":\"person.deceased\"}\n"),
            Message("evt_3"),
        ];
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var ack = await CreateSut(receiver.Url).WriteAsync(batch, CancellationToken.None);

        Assert.Equal(["evt_1", "evt_2", "evt_3"], ack.Acknowledged);
        Assert.Empty(ack.Failed);
        var received = receiver.Received;
        Assert.Equal(["evt_1", "evt_2", "evt_3"], received.Select(r => r.Id));
        Assert.Equal(batch.Select(m => m.Body), received.Select(r => r.Body));
        Assert.All(received, r =>
        {
            Assert.True(r.Verification!.IsValid, r.Verification.Reason);
            Assert.Equal(r.Id, r.Verification.MessageId);
            Assert.Equal("application/json", r.ContentType);
            Assert.InRange(long.Parse(r.Timestamp!, System.Globalization.CultureInfo.InvariantCulture), before - 1, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1);
            Assert.Matches("^v1,[A-Za-z0-9+/]{43}=$", r.Signature);
            Assert.Null(r.Authorization);
        });
    }

    [Fact]
    public async Task WriteAsync_DuringRotation_ReceiversKnowingOnlyTheOldOrOnlyTheNewSecretBothAccept()
    {
        var oldSecret = WebhookSecret.Generate();
        var newSecret = WebhookSecret.Generate();
        await using var onOld = await WebhookReceiver.StartAsync(new WebhookVerifier([oldSecret]));
        await using var onNew = await WebhookReceiver.StartAsync(new WebhookVerifier([newSecret]));

        var ackOld = await CreateSut(onOld.Url, [newSecret, oldSecret]).WriteAsync([Message("evt_1")], CancellationToken.None);
        var ackNew = await CreateSut(onNew.Url, [newSecret, oldSecret]).WriteAsync([Message("evt_1")], CancellationToken.None);

        Assert.Equal(["evt_1"], ackOld.Acknowledged);
        Assert.Equal(["evt_1"], ackNew.Acknowledged);
        Assert.True(onOld.Received.Single().Verification!.IsValid);
        Assert.True(onNew.Received.Single().Verification!.IsValid);
        Assert.Equal(2, onNew.Received.Single().Signature!.Split(' ').Length);
    }

    [Fact]
    public async Task WriteAsync_ReceiverWithAnotherSecret_RejectsAndTheFailureIsPermanent()
    {
        await using var receiver = await WebhookReceiver.StartAsync(new WebhookVerifier([WebhookSecret.Generate()]));

        var ack = await CreateSut(receiver.Url).WriteAsync([Message("evt_1")], CancellationToken.None);

        Assert.Empty(ack.Acknowledged);
        var failure = Assert.Single(ack.Failed);
        Assert.False(failure.IsTransient);
        Assert.Contains("401", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, receiver.Received.Single().Verification!.Failure);
    }

    [Fact]
    public async Task WriteAsync_MessageWithAnOldEventTimestamp_IsSignedWithTheSendTimeSoRetriesStillVerify()
    {
        await using var receiver = await WebhookReceiver.StartAsync(new WebhookVerifier([_secret]));
        var yesterday = new SinkMessage("evt_1", DateTimeOffset.UtcNow.AddDays(-1), "{}");

        var ack = await CreateSut(receiver.Url).WriteAsync([yesterday], CancellationToken.None);

        Assert.Equal(["evt_1"], ack.Acknowledged);
    }

    [Fact]
    public async Task WriteAsync_ServerError_IsTransientAndTheRestOfTheBatchIsNotAttempted()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: n => n == 1 ? 500 : 204);

        var ack = await CreateSut(receiver.Url).WriteAsync([Message("evt_1"), Message("evt_2"), Message("evt_3"), Message("evt_4")], CancellationToken.None);

        Assert.Equal(["evt_1"], ack.Acknowledged);
        Assert.Equal(["evt_2", "evt_3", "evt_4"], ack.Failed.Select(f => f.Id));
        Assert.All(ack.Failed, f => Assert.True(f.IsTransient));
        Assert.Contains("500", ack.Failed[0].Reason, StringComparison.Ordinal);
        Assert.All(ack.Failed.Skip(1), f => Assert.Contains("not attempted", f.Reason, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["evt_1", "evt_2"], receiver.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task WriteAsync_BadRequest_IsPermanentAndTheBatchGoesOn()
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: n => n == 0 ? 400 : 200);

        var ack = await CreateSut(receiver.Url).WriteAsync([Message("evt_1"), Message("evt_2")], CancellationToken.None);

        var failure = Assert.Single(ack.Failed);
        Assert.Equal("evt_1", failure.Id);
        Assert.False(failure.IsTransient);
        Assert.Contains("400", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(["evt_2"], ack.Acknowledged);
    }

    [Theory]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(502, true)]
    [InlineData(503, true)]
    [InlineData(401, false)]
    [InlineData(404, false)]
    [InlineData(410, false)]
    [InlineData(422, false)]
    public async Task WriteAsync_StatusCode_IsClassifiedAsTransientOrPermanent(int status, bool transient)
    {
        await using var receiver = await WebhookReceiver.StartAsync(respond: _ => status);

        var ack = await CreateSut(receiver.Url).WriteAsync([Message("evt_1")], CancellationToken.None);

        var failure = Assert.Single(ack.Failed);
        Assert.Equal(transient, failure.IsTransient);
        Assert.StartsWith($"HTTP {status}", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_SlowReceiver_TimesOutAsTransient()
    {
        await using var receiver = await WebhookReceiver.StartAsync(delay: TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();

        var ack = await CreateSut(receiver.Url, timeout: TimeSpan.FromMilliseconds(300)).WriteAsync([Message("evt_1"), Message("evt_2")], CancellationToken.None);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Empty(ack.Acknowledged);
        Assert.All(ack.Failed, f => Assert.True(f.IsTransient));
        Assert.Contains("No response within 0.3 s", ack.Failed[0].Reason, StringComparison.Ordinal);
        Assert.Equal(["evt_1"], receiver.Received.Select(r => r.Id));
    }

    [Fact]
    public async Task WriteAsync_NothingListening_IsTransient()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var ack = await CreateSut(new Uri($"http://127.0.0.1:{port}/hook")).WriteAsync([Message("evt_1")], CancellationToken.None);

        var failure = Assert.Single(ack.Failed);
        Assert.True(failure.IsTransient);
        Assert.StartsWith("Connection failed", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_CallerCancels_ThrowsInsteadOfReportingAFailure()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut(receiver.Url).WriteAsync([Message("evt_1")], cancelled.Token));
    }

    [Fact]
    public async Task WriteAsync_BearerTokenVariable_SendsTheTokenAndNeverPutsItInAReason()
    {
        var variable = "HUB_TEST_WEBHOOK_TOKEN_" + Guid.NewGuid().ToString("N");
        const string Token = "tok-3201-rahasia";
        Environment.SetEnvironmentVariable(variable, Token);
        try
        {
            await using var receiver = await WebhookReceiver.StartAsync(respond: n => n == 0 ? 204 : 403);

            var ack = await CreateSut(receiver.Url, bearerVariable: variable).WriteAsync([Message("evt_1"), Message("evt_2")], CancellationToken.None);

            Assert.Equal($"Bearer {Token}", receiver.Received[0].Authorization);
            Assert.Equal(["evt_1"], ack.Acknowledged);
            Assert.DoesNotContain(Token, Assert.Single(ack.Failed).Reason, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public void Constructor_BearerTokenVariableUnset_ThrowsNamingTheVariable()
    {
        var variable = "HUB_TEST_WEBHOOK_UNSET_" + Guid.NewGuid().ToString("N");

        var ex = Assert.Throws<InvalidOperationException>(() => CreateSut(new Uri("http://127.0.0.1:1/"), bearerVariable: variable));

        Assert.Contains(variable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_IdUnusableAsHeader_IsPermanentAndNotSent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var ack = await CreateSut(receiver.Url).WriteAsync([Message("evt 1"), Message(""), Message("evt_2")], CancellationToken.None);

        Assert.Equal(["evt 1", ""], ack.Failed.Select(f => f.Id));
        Assert.All(ack.Failed, f => Assert.False(f.IsTransient));
        Assert.Equal(["evt_2"], ack.Acknowledged);
        Assert.Equal(["evt_2"], receiver.Received.Select(r => r.Id));
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblemWithoutTheSecret()
    {
        var options = new WebhookSinkOptions { Url = new Uri("ftp://user:hunter2@example.org/x"), Timeout = TimeSpan.Zero };

        var ex = Assert.Throws<ArgumentException>(() => new WebhookSink(options, [_secret], _http));

        Assert.Contains("http or https", ex.Message, StringComparison.Ordinal);
        Assert.Contains("user name or password", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Timeout", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_secret.Reveal()["whsec_".Length..], ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoUrlOrNoSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WebhookSink(new WebhookSinkOptions(), [_secret], _http));
        Assert.Throws<ArgumentException>(() => new WebhookSink(new WebhookSinkOptions { Url = new Uri("http://127.0.0.1:1/") }, [], _http));
    }

    [Fact]
    public async Task WriteAsync_EmptyBatch_AcknowledgesNothing()
    {
        var ack = await CreateSut(new Uri("http://127.0.0.1:1/")).WriteAsync([], CancellationToken.None);

        Assert.Empty(ack.Acknowledged);
        Assert.Empty(ack.Failed);
        Assert.Equal("webhook", CreateSut(new Uri("http://127.0.0.1:1/")).Kind);
    }
}
