using System.Globalization;
using IntegrationHub.Connectors.Webhooks;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Tests.Webhooks;

public sealed class WebhookVerifierTests
{
    private const string Id = "evt_7";
    private const string Body = "{\"type\":\"person.updated\",\"changed\":[\"address\"]}";

    private static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly WebhookSecret _secret = WebhookSecret.Generate();
    private readonly FakeTimeProvider _time = new(Now);

    private WebhookVerifier CreateSut(params WebhookSecret[] secrets) => new(secrets.Length == 0 ? [_secret] : secrets, timeProvider: _time);

    private static string Seconds(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    private string SignAt(DateTimeOffset at, string body = Body) => WebhookSigner.Sign(_secret, Id, at.ToUnixTimeSeconds(), body);

    [Fact]
    public void Verify_SignedNow_IsValidWithIdAndTimestamp()
    {
        var result = CreateSut().Verify(Id, Seconds(Now), SignAt(Now), Body);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(WebhookVerificationFailure.None, result.Failure);
        Assert.Equal(Id, result.MessageId);
        Assert.Equal(Now, result.Timestamp);
        Assert.Null(result.Reason);
    }

    [Fact]
    public void Verify_HeaderLookup_ReadsTheStandardHeaderNames()
    {
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = Id,
            ["webhook-timestamp"] = Seconds(Now),
            ["webhook-signature"] = SignAt(Now),
        };

        Assert.True(CreateSut().Verify(name => headers.GetValueOrDefault(name), Body).IsValid);
    }

    [Fact]
    public void Verify_TamperedBody_IsRejectedAsNoMatchingSignature()
    {
        var result = CreateSut().Verify(Id, Seconds(Now), SignAt(Now), Body.Replace("address", "religion", StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Null(result.MessageId);
    }

    [Fact]
    public void Verify_TamperedId_IsRejectedAsNoMatchingSignature()
    {
        var result = CreateSut().Verify("evt_8", Seconds(Now), SignAt(Now), Body);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void Verify_WrongSecret_IsRejectedAsNoMatchingSignature()
    {
        var other = WebhookSecret.Generate();

        var result = CreateSut(other).Verify(Id, Seconds(Now), SignAt(Now), Body);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Contains("wrong secret", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_StaleTimestamp_IsRejectedAsTooOldEvenWithAValidSignature()
    {
        var sent = Now - TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1);

        var result = CreateSut().Verify(Id, Seconds(sent), SignAt(sent), Body);

        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, result.Failure);
        Assert.Contains("301 s old", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TimestampExactlyAtTolerance_IsAccepted()
    {
        var sent = Now - TimeSpan.FromMinutes(5);

        Assert.True(CreateSut().Verify(Id, Seconds(sent), SignAt(sent), Body).IsValid);
    }

    [Fact]
    public void Verify_FutureTimestamp_IsRejectedAsTooNew()
    {
        var sent = Now + TimeSpan.FromMinutes(6);

        var result = CreateSut().Verify(Id, Seconds(sent), SignAt(sent), Body);

        Assert.Equal(WebhookVerificationFailure.TimestampTooNew, result.Failure);
    }

    [Fact]
    public void Verify_CustomTolerance_IsApplied()
    {
        var sent = Now - TimeSpan.FromSeconds(31);
        var sut = new WebhookVerifier([_secret], TimeSpan.FromSeconds(30), _time);

        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, sut.Verify(Id, Seconds(sent), SignAt(sent), Body).Failure);
    }

    [Fact]
    public void Verify_ClockMovesOn_SameDeliveryBecomesAReplay()
    {
        var sut = CreateSut();
        var signature = SignAt(Now);
        Assert.True(sut.Verify(Id, Seconds(Now), signature, Body).IsValid);

        _time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(WebhookVerificationFailure.TimestampTooOld, sut.Verify(Id, Seconds(Now), signature, Body).Failure);
    }

    [Theory]
    [InlineData("webhook-id")]
    [InlineData("webhook-timestamp")]
    [InlineData("webhook-signature")]
    public void Verify_MissingHeader_IsRejectedNamingTheHeader(string missing)
    {
        var headers = new Dictionary<string, string>
        {
            ["webhook-id"] = Id,
            ["webhook-timestamp"] = Seconds(Now),
            ["webhook-signature"] = SignAt(Now),
        };
        headers.Remove(missing);

        var result = CreateSut().Verify(name => headers.GetValueOrDefault(name), Body);

        Assert.Equal(WebhookVerificationFailure.MissingHeader, result.Failure);
        Assert.Contains(missing, result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1748764800")]
    [InlineData("1748764800.5")]
    [InlineData("1.7e9")]
    [InlineData(" 1748764800")]
    [InlineData("99999999999999999999999")]
    public void Verify_MalformedTimestamp_IsRejectedAsInvalid(string timestamp)
    {
        Assert.Equal(WebhookVerificationFailure.InvalidTimestamp, CreateSut().Verify(Id, timestamp, SignAt(Now), Body).Failure);
    }

    [Fact]
    public void Verify_SeveralEntries_AcceptsWhenAnyV1Matches()
    {
        var header = $"v2,AAAA v1,not-base64!! v1,{Convert.ToBase64String(new byte[32])} garbage {SignAt(Now)}";

        Assert.True(CreateSut().Verify(Id, Seconds(Now), header, Body).IsValid);
    }

    [Fact]
    public void Verify_NoV1Entry_SaysSo()
    {
        var result = CreateSut().Verify(Id, Seconds(Now), "v1a," + SignAt(Now)[3..], Body);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, result.Failure);
        Assert.Contains("no v1 signature", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_TruncatedSignature_IsRejected()
    {
        var good = SignAt(Now);
        var truncated = "v1," + Convert.ToBase64String(Convert.FromBase64String(good[3..])[..16]);

        Assert.Equal(WebhookVerificationFailure.NoMatchingSignature, CreateSut().Verify(Id, Seconds(Now), truncated, Body).Failure);
    }

    [Fact]
    public void Verify_RotationVerifier_AcceptsEitherSecret()
    {
        var old = WebhookSecret.Generate();
        var sut = CreateSut(_secret, old);

        Assert.True(sut.Verify(Id, Seconds(Now), WebhookSigner.Sign(old, Id, Now.ToUnixTimeSeconds(), Body), Body).IsValid);
        Assert.True(sut.Verify(Id, Seconds(Now), SignAt(Now), Body).IsValid);
    }

    [Fact]
    public void Verify_EveryFailure_HasAReasonThatNeverContainsASecret()
    {
        var sut = CreateSut();
        var old = Now - TimeSpan.FromHours(1);
        var results = new[]
        {
            sut.Verify(null, Seconds(Now), SignAt(Now), Body),
            sut.Verify(Id, "x", SignAt(Now), Body),
            sut.Verify(Id, Seconds(old), SignAt(old), Body),
            sut.Verify(Id, Seconds(Now + TimeSpan.FromHours(1)), SignAt(Now), Body),
            sut.Verify(Id, Seconds(Now), SignAt(Now), Body + " "),
            sut.Verify(Id, Seconds(Now), "v2,x", Body),
        };
        var key = _secret.Reveal()["whsec_".Length..];

        Assert.All(results, r =>
        {
            Assert.False(r.IsValid);
            Assert.False(string.IsNullOrWhiteSpace(r.Reason));
            Assert.DoesNotContain(key, r.Reason, StringComparison.Ordinal);
            Assert.DoesNotContain(key, r.ToString(), StringComparison.Ordinal);
        });
        Assert.Equal(6, results.Select(r => r.Reason).Distinct().Count());
    }

    [Fact]
    public void Constructor_NoSecrets_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WebhookVerifier([]));
    }
}
