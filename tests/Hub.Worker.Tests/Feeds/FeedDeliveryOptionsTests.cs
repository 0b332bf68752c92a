using IntegrationHub.Worker.Feeds;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Feeds;

public sealed class FeedDeliveryOptionsTests
{
    [Fact]
    public void Defaults_AreValid()
    {
        Assert.Empty(new FeedDeliveryOptions().Validate());
    }

    [Fact]
    public void Validate_ReportsEveryBadSettingByName()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Feeds:BatchSize"] = "0",
            ["Hub:Feeds:LeaseDuration"] = "00:00:05",
            ["Hub:Feeds:RequestTimeout"] = "00:00:10",
            ["Hub:Feeds:BreakerFailureRatio"] = "1.5",
        }).Build();

        var problems = FeedDeliveryOptions.From(configuration).Validate();

        Assert.Equal(["Hub:Feeds:BatchSize", "Hub:Feeds:LeaseDuration", "Hub:Feeds:BreakerFailureRatio"], problems.Select(p => p.Setting));
    }

    [Fact]
    public void Webhooks_BindFromTheirSection_AndABadAllowedNetworkIsNamed()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hub:Feeds:Webhooks:AllowHttp"] = "true",
            ["Hub:Feeds:Webhooks:AllowPrivateNetworks"] = "true",
            ["Hub:Feeds:Webhooks:AllowedNetworks:0"] = "10.20.0.0/16",
            ["Hub:Feeds:Webhooks:AllowedNetworks:1"] = "10.20.0.0/40",
        }).Build();

        var options = FeedDeliveryOptions.From(configuration);
        var problem = Assert.Single(options.Validate());

        Assert.True(options.Webhooks.AllowHttp);
        Assert.True(options.Webhooks.AllowPrivateNetworks);
        Assert.Equal(["10.20.0.0/16", "10.20.0.0/40"], options.Webhooks.AllowedNetworks);
        Assert.Equal("Hub:Feeds:Webhooks:AllowedNetworks", problem.Setting);
        Assert.Contains("'10.20.0.0/40'", problem.Message, StringComparison.Ordinal);
        Assert.False(new FeedDeliveryOptions().Webhooks.AllowHttp);
        Assert.False(new FeedDeliveryOptions().Webhooks.AllowPrivateNetworks);
    }

    [Fact]
    public void Backoff_StaysWithinTheDoublingCeilingAndTheCap()
    {
        var random = new Random(7);
        var delays = Enumerable.Range(1, 12).Select(a => (Attempt: a, Delay: DeliveryBackoff.Delay(a, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), random))).ToList();

        Assert.All(delays, d => Assert.InRange(d.Delay, TimeSpan.Zero, TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, d.Attempt - 1)))));
        Assert.True(delays.Skip(6).Average(d => d.Delay.TotalSeconds) > delays.Take(3).Average(d => d.Delay.TotalSeconds));
    }
}
