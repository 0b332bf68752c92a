using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Connectors.Webhooks;

namespace IntegrationHub.Connectors.Tests.Webhooks;

public sealed class WebhookSignerTests
{
    // Inputs of the test vector used by the Standard Webhooks reference libraries; the expected value was
    // recomputed independently here (Python's hmac module) so interoperability is checked, not assumed.
    private const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string StandardId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long StandardTimestamp = 1614265330;
    private const string StandardBody = "{\"test\": 2432232314}";
    private const string StandardSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    // A hub-shaped vector with non-ASCII text, so the UTF-8 encoding is pinned too; derived once with Python's hmac.
    private const string HubSecret = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";
    private const string HubId = "evt_00000000000000042";
    private const long HubTimestamp = 1750000000;
    private const string HubBody = "{\"type\":\"person.deceased\",\"sequence\":42,\"region\":\"Kab. Bekasi\",\"note\":\"Jl. Cempaka No. 5 — RT 003/RW 007\"}";
    private const string HubSignature = "v1,cfTUvHKXshqDzfnoGU9943RZa00OGykL5gjbio06oxE=";

    [Fact]
    public void Sign_StandardWebhooksVector_MatchesKnownAnswer()
    {
        Assert.Equal(StandardSignature, WebhookSigner.Sign(WebhookSecret.Parse(StandardSecret), StandardId, StandardTimestamp, StandardBody));
    }

    [Fact]
    public void Sign_HubVector_MatchesKnownAnswer()
    {
        Assert.Equal(HubSignature, WebhookSigner.Sign(WebhookSecret.Parse(HubSecret), HubId, HubTimestamp, HubBody));
    }

    [Fact]
    public void Sign_HubVector_MatchesHmacComputedFromFirstPrinciples()
    {
        // What an independent receiver would write: decode the key, HMAC the exact string, base64.
        var key = Convert.FromBase64String(HubSecret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{HubId}.{HubTimestamp}.{HubBody}")));

        Assert.Equal(expected, WebhookSigner.Sign(WebhookSecret.Parse(HubSecret), HubId, HubTimestamp, HubBody));
        Assert.Equal(HubSignature, expected);
    }

    [Fact]
    public void Sign_GeneratedSecret_MatchesHmacComputedFromFirstPrinciples()
    {
        var secret = WebhookSecret.Generate();
        var key = Convert.FromBase64String(secret.Reveal()["whsec_".Length..]);
        const string Body = "{\"nama\":\"Siti Nurhaliza\",\"kota\":\"Bandung\"}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"msg_1.1700000000.{Body}")));

        Assert.Equal(expected, WebhookSigner.Sign(secret, "msg_1", 1700000000, Body));
    }

    [Fact]
    public void SignatureHeader_TwoSecrets_IsBothSignaturesSpaceSeparatedInOrder()
    {
        var newer = WebhookSecret.Parse(HubSecret);
        var older = WebhookSecret.Parse(StandardSecret);

        var header = WebhookSigner.SignatureHeader([newer, older], HubId, HubTimestamp, HubBody);

        Assert.Equal($"{HubSignature} {WebhookSigner.Sign(older, HubId, HubTimestamp, HubBody)}", header);
    }

    [Fact]
    public void SignatureHeader_NoSecret_Throws()
    {
        Assert.Throws<ArgumentException>(() => WebhookSigner.SignatureHeader([], "m", 1, "{}"));
    }
}
