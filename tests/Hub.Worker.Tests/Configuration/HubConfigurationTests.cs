using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Tests.Configuration;

public sealed class HubConfigurationTests
{
    [Fact]
    public void Storage_WithNothingSet_IsSqliteInDataUnderTheWorkingDirectory()
    {
        var options = new ConfigurationBuilder().AddHubSources(new Dictionary<string, string?>()).Build().GetStorageOptions();

        Assert.Equal("data", options.DataDirectory);
        Assert.Null(options.PostgresConnectionString);
    }

    [Fact]
    public void Storage_ShortEnvironmentOverrides_WinOverFiles()
    {
        var options = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Hub:Storage:DataDirectory"] = "from-file" })
            .AddHubSources(new Dictionary<string, string?>
            {
                [HubConfiguration.DataDirVariable] = "/srv/hub",
                [HubConfiguration.PostgresVariable] = "Host=127.0.0.1;Database=hub",
            })
            .Build()
            .GetStorageOptions();

        Assert.Equal("/srv/hub", options.DataDirectory);
        Assert.Equal("Host=127.0.0.1;Database=hub", options.PostgresConnectionString);
    }

    [Fact]
    public void Storage_BadPostgresString_IsReportedWithoutEchoingIt()
    {
        var options = new ConfigurationBuilder()
            .AddHubSources(new Dictionary<string, string?> { [HubConfiguration.PostgresVariable] = "Host=x;Password=s3cret;Bogus Key=1" })
            .Build()
            .GetStorageOptions();

        var problem = Assert.Single(options.Validate());
        Assert.Contains("HUB_POSTGRES", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Sources_BuiltInDukcapil_IsThereAndCanBeConfigured()
    {
        var sources = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hub:Sources:dukcapil:Csv:Encoding"] = "windows-1252",
                ["Hub:Sources:dukcapil-bogor:Kind"] = SourceKinds.CsvFile,
                ["Hub:Sources:dukcapil-bogor:Mapping"] = "mappings/dukcapil.json",
                ["Hub:Sources:dukcapil-bogor:Csv:Directory"] = "drop/bogor",
            })
            .Build()
            .GetSources();

        Assert.Equal("windows-1252", sources["dukcapil"].Csv.Encoding);
        Assert.Equal(SourceKinds.CsvFile, sources["dukcapil"].Kind);
        Assert.Equal("drop/bogor", sources["dukcapil-bogor"].Csv.Directory);
        Assert.Equal(";", sources["dukcapil-bogor"].Csv.Delimiter);
    }
}
