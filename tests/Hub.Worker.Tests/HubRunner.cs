using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests;

/// <summary>Runs the real <c>hub</c> command line in-process against a database of the test's own.</summary>
public sealed class HubRunner
{
    private readonly IConfiguration _configuration;

    private HubRunner(IConfiguration configuration) => _configuration = configuration;

    public static HubRunner OnSqlite(string dataDirectory) =>
        new(new ConfigurationBuilder().AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = dataDirectory }).Build());

    public static async Task<HubRunner> OnFreshPostgresAsync() =>
        new(new ConfigurationBuilder().AddHubSources(new Dictionary<string, string?> { [HubConfiguration.PostgresVariable] = await Storage.Tests.PostgresServer.CreateDatabaseAsync() }).Build());

    public IConfiguration Configuration => _configuration;

    /// <summary>The same runner with more settings on top (<c>Hub:Audit:SigningKeyFile</c> = ...).</summary>
    public HubRunner With(IDictionary<string, string?> settings) =>
        new(new ConfigurationBuilder().AddConfiguration(_configuration).AddInMemoryCollection(settings).Build());

    public async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await HubCommandLine.RunAsync(args, output, error, _configuration);
        return (exit, output.ToString(), error.ToString());
    }
}
