using IntegrationHub.Worker.Cli;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Configuration;

/// <summary>Every configuration problem is reported at once, naming its setting, before anything starts.</summary>
public sealed class ConfigurationValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-config-").FullName;

    private IConfiguration Configure(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.DataDirVariable] = Path.Combine(_directory, "data") })
            .Build();

    [Fact]
    public async Task Cli_WithThreeInvalidSettings_ReportsAllThreeAndExits2WithoutAStackTrace()
    {
        var configuration = Configure(new()
        {
            ["Hub:Sources:dukcapil:BatchSize"] = "0",
            ["Hub:Sources:dukcapil:Csv:Encoding"] = "latin-9",
            ["Logging:LogLevel:Default"] = "Verbose",
        });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await HubCommandLine.RunAsync(["migrate"], output, error, configuration);

        Assert.Equal(HubCommandLine.BadInput, exit);
        var text = error.ToString();
        Assert.Contains("hub cannot start: 3 configuration problems", text, StringComparison.Ordinal);
        Assert.Contains("Hub:Sources:dukcapil:BatchSize (environment Hub__Sources__dukcapil__BatchSize): must be between 1 and 100000; is 0.", text, StringComparison.Ordinal);
        Assert.Contains("Hub:Sources:dukcapil:Csv:Encoding (environment Hub__Sources__dukcapil__Csv__Encoding): 'latin-9' is not known; use utf-8 or windows-1252.", text, StringComparison.Ordinal);
        Assert.Contains("Logging:LogLevel:Default (environment Logging__LogLevel__Default): 'Verbose' is not a log level", text, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")), "the database must not be opened on an invalid configuration");
    }

    [Fact]
    public async Task Cli_IngestWithAnUnreadableNumber_IsReportedNotThrown()
    {
        var configuration = Configure(new() { ["Hub:Sources:dukcapil:BatchSize"] = "lots" });
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await HubCommandLine.RunAsync(["ingest", "--source", "dukcapil", Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv")], output, error, configuration);

        Assert.Equal(HubCommandLine.BadInput, exit);
        Assert.Contains("Hub:Sources:dukcapil:BatchSize (environment Hub__Sources__dukcapil__BatchSize): 'lots' is not a whole number.", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MisspeltSettingInAKnownSection_IsReported()
    {
        var problems = HubConfigurationValidator.Validate(Configure(new() { ["Hub:Storage:DataDirectroy"] = "/srv/hub" }));

        var problem = Assert.Single(problems);
        Assert.Equal("Hub:Storage:DataDirectroy", problem.Setting);
        Assert.Contains("DataDirectory", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SqlSourceWithNothingSet_NamesEveryMissingSetting()
    {
        var problems = HubConfigurationValidator.Validate(Configure(new()
        {
            ["Hub:Sources:djp:Kind"] = SourceKinds.SqlTable,
            ["Hub:Sources:djp:Mapping"] = Path.Combine(AppContext.BaseDirectory, "mappings", "djp.json"),
        }));
        Assert.Equal(
            ["Hub:Sources:djp:Sql:ProviderName", "Hub:Sources:djp:Sql:Table", "Hub:Sources:djp:Sql:KeyColumn", "Hub:Sources:djp:Sql:IncrementalColumn", "Hub:Sources:djp:Sql:ConnectionString"],
            problems.Select(p => p.Setting));
    }

    [Fact]
    public void Validate_PostgresConnectionStringSecret_IsNeverEchoed()
    {
        var problems = HubConfigurationValidator.Validate(Configure(new() { ["Hub:Storage:PostgresConnectionString"] = "Host=x;Password=s3cret;Bogus Key=1" }));

        var problem = Assert.Single(problems);
        Assert.Equal("Hub:Storage:PostgresConnectionString", problem.Setting);
        Assert.DoesNotContain("s3cret", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShippedDefaults_HaveNoProblem() =>
        Assert.Empty(HubConfigurationValidator.Validate(Configure([])));

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
