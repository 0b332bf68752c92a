using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Metrics;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Configuration;

/// <summary><c>Hub:Metrics</c>: the worker's listener is off by default, loopback only unless allowed, and checked at start-up.</summary>
public sealed class MetricsOptionsTests
{
    private static List<ConfigurationProblem> Validate(params (string Key, string Value)[] settings)
    {
        var problems = new List<ConfigurationProblem>();
        MetricsOptions.Validate(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build(), problems);
        return problems;
    }

    [Fact]
    public void Defaults_NoListener_AndAFiveSecondLagCache()
    {
        var options = MetricsOptions.FromConfiguration(new ConfigurationBuilder().Build());

        Assert.Null(options.WorkerListenUrl);
        Assert.False(options.AllowRemote);
        Assert.Equal(TimeSpan.FromSeconds(5), options.FeedLagCacheDuration);
        Assert.Empty(Validate());
    }

    [Theory]
    [InlineData("http://127.0.0.1:9464")]
    [InlineData("http://127.0.0.1:0/")]
    [InlineData("http://[::1]:9464")]
    public void WorkerListen_OnLoopback_IsAccepted(string listen) =>
        Assert.Empty(Validate(("Hub:Metrics:WorkerListen", listen)));

    [Theory]
    [InlineData("127.0.0.1:9464", "is not an address to listen on")]
    [InlineData("https://127.0.0.1:9464", "is not an address to listen on")]
    [InlineData("http://localhost:9464", "is not an address to listen on")]
    [InlineData("http://127.0.0.1:9464/metrics", "is not an address to listen on")]
    [InlineData("http://127.0.0.1", "is not an address to listen on")]
    [InlineData("http://127.0.0.1:70000", "is not a port")]
    [InlineData("http://10.1.2.3:9464", "is not a loopback address")]
    [InlineData("http://0.0.0.0:9464", "is not a loopback address")]
    public void WorkerListen_Refused_NamesTheSetting(string listen, string why)
    {
        var problem = Assert.Single(Validate(("Hub:Metrics:WorkerListen", listen)));

        Assert.Equal("Hub:Metrics:WorkerListen", problem.Setting);
        Assert.Contains(why, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerListen_OnAnotherAddress_NeedsAllowRemote() =>
        Assert.Empty(Validate(("Hub:Metrics:WorkerListen", "http://10.1.2.3:9464"), ("Hub:Metrics:AllowRemote", "true")));

    [Fact]
    public async Task Worker_WhenTheListenPortIsTaken_Exits2NamingTheSetting_WithoutAStackTrace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var directory = Directory.CreateTempSubdirectory("hub-metrics-port-").FullName;
        try
        {
            var runner = HubRunner.OnSqlite(Path.Combine(directory, "data")).With(new Dictionary<string, string?> { ["Hub:Metrics:WorkerListen"] = $"http://127.0.0.1:{port}" });

            var (exit, _, error) = await runner.RunAsync("worker");

            Assert.Equal(HubCommandLine.BadInput, exit);
            Assert.Contains($"hub worker cannot start: Hub:Metrics:WorkerListen http://127.0.0.1:{port}: ", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Worker_WithThreeInvalidMetricsSettings_ReportsAllThreeAndExits2()
    {
        var directory = Directory.CreateTempSubdirectory("hub-metrics-config-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Hub:Metrics:WorkerListen"] = "http://0.0.0.0:9464",
                    ["Hub:Metrics:FeedLagCacheDuration"] = "01:00:00",
                    ["Hub:Metrics:Port"] = "9464",
                })
                .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = Path.Combine(directory, "data") })
                .Build();
            using var output = new StringWriter();
            using var error = new StringWriter();

            var exit = await HubCommandLine.RunAsync(["worker"], output, error, configuration);

            Assert.Equal(HubCommandLine.BadInput, exit);
            var text = error.ToString();
            Assert.Contains("hub cannot start: 3 configuration problems", text, StringComparison.Ordinal);
            Assert.Contains("Hub:Metrics:Port (environment Hub__Metrics__Port): is not a known setting", text, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
