using IntegrationHub.Connectors.Webhooks;

namespace IntegrationHub.Connectors.Tests.Webhooks;

public sealed class WebhookSecretTests
{
    [Fact]
    public void Generate_Default_Is32RandomBytesThatRoundTripThroughParse()
    {
        var secret = WebhookSecret.Generate();
        var text = secret.Reveal();

        Assert.StartsWith("whsec_", text, StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(text["whsec_".Length..]).Length);
        var parsed = WebhookSecret.Parse(text);
        Assert.Equal(text, parsed.Reveal());
        Assert.Equal(secret.Fingerprint, parsed.Fingerprint);
        Assert.Equal(WebhookSigner.Sign(secret, "m", 1, "{}"), WebhookSigner.Sign(parsed, "m", 1, "{}"));
    }

    [Fact]
    public void Generate_TwiceInARow_GivesDifferentSecrets()
    {
        Assert.NotEqual(WebhookSecret.Generate().Reveal(), WebhookSecret.Generate().Reveal());
    }

    [Fact]
    public void ToString_NeverContainsTheKey()
    {
        var secret = WebhookSecret.Generate();
        var text = secret.Reveal();
        var key = text["whsec_".Length..];

        var shown = secret.ToString();

        Assert.DoesNotContain(key, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(key[..8], shown, StringComparison.Ordinal);
        Assert.Contains(secret.Fingerprint, shown, StringComparison.Ordinal);
        Assert.DoesNotContain(key, $"{secret}", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("WHSEC_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with 'whsec_'")]
    [InlineData("whsec_", "not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS!", "not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "not valid base64")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjU PD8ILPZIo2LaLaSw", "whitespace")]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n", "whitespace")]
    [InlineData("whsec_c2hvcnQtc2VjcmV0", "12 bytes")]
    public void Parse_BadInput_IsRejectedWithAReasonThatDoesNotEchoIt(string text, string reason)
    {
        Assert.False(WebhookSecret.TryParse(text, out var secret, out var error));
        Assert.Null(secret);
        Assert.Contains(reason, error, StringComparison.Ordinal);

        var ex = Assert.Throws<FormatException>(() => WebhookSecret.Parse(text));
        Assert.Equal(error, ex.Message);
        var body = text.Length > "whsec_".Length ? text["whsec_".Length..].Trim() : null;
        if (!string.IsNullOrEmpty(body))
        {
            Assert.DoesNotContain(body, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_KeyLongerThan64Bytes_IsRejected()
    {
        var text = "whsec_" + Convert.ToBase64String(new byte[65]);

        Assert.False(WebhookSecret.TryParse(text, out _, out var error));
        Assert.Contains("65 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Null_IsRejected()
    {
        Assert.False(WebhookSecret.TryParse(null, out _, out var error));
        Assert.Contains("empty", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(65)]
    public void Generate_KeyLengthOutOfRange_Throws(int bytes)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WebhookSecret.Generate(bytes));
    }
}
