using System.Net.Http.Headers;
using IntegrationHub.Connectors.Rest;
using IntegrationHub.Connectors.Rest.Internal;
using Microsoft.Extensions.Time.Testing;

namespace IntegrationHub.Connectors.Tests.Rest;

public sealed class RestJsonSourceOptionsTests
{
    [Fact]
    public void Validate_SeveralProblems_ReportsThemAllAtOnce()
    {
        var options = new RestJsonSourceOptions
        {
            BaseAddress = new Uri("ftp://example.test/"),
            Path = "",
            Paging = "offset",
            PageSize = 0,
            UpdatedSinceParameter = "updatedSince",
            AuthHeader = "X-Api-Key",
            CircuitBreakerFailures = 1,
        };

        var errors = options.Validate();

        Assert.Equal(7, errors.Count);
        var ex = Assert.Throws<ArgumentException>(() => new RestJsonSource("bpjs", options));
        Assert.Contains("authSecretVariable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pageSize", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_Defaults_NeedOnlyAnAddressAndAPath()
    {
        var options = new RestJsonSourceOptions { BaseAddress = new Uri("https://api.example.test/vclaim/"), Path = "/peserta" };

        Assert.Empty(options.Validate());
        using var source = new RestJsonSource("bpjs", options);
        Assert.Equal("peserta", source.FeedName);
        Assert.Equal("rest-json", source.Kind);
    }

    [Fact]
    public void RetryAfter_HttpDate_IsTheWaitFromNowOnTheInjectedClock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero));

        var wait = RetryAfter.Read(new RetryConditionHeaderValue(new DateTimeOffset(2025, 3, 1, 10, 0, 42, TimeSpan.Zero)), clock);
        var past = RetryAfter.Read(new RetryConditionHeaderValue(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero)), clock);
        var seconds = RetryAfter.Read(new RetryConditionHeaderValue(TimeSpan.FromSeconds(7)), clock);

        Assert.Equal(TimeSpan.FromSeconds(42), wait);
        Assert.Equal(TimeSpan.Zero, past);
        Assert.Equal(TimeSpan.FromSeconds(7), seconds);
        Assert.Null(RetryAfter.Read(null, clock));
    }
}
