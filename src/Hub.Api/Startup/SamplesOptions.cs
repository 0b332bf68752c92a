namespace IntegrationHub.Api.Startup;

/// <summary>The embedded default's sample data, under <c>Hub:Samples</c>.</summary>
public sealed class SamplesOptions
{
    public const string SectionName = "Hub:Samples";

    /// <summary>Ingest the bundled samples when the master index is empty at start. Default: false; the shipped appsettings.json turns it on.</summary>
    public bool IngestAtFirstStart { get; set; }

    /// <summary>Serve the sample agency APIs (BPJS peserta) under <c>/samples/</c>. Default: false; the shipped appsettings.json turns it on.</summary>
    public bool ServeAgencies { get; set; }

    /// <summary>The token the sample agency API wants in <c>X-Agency-Token</c>. Default: none, and a random one is made at each start.</summary>
    public string? AgencyToken { get; set; }

    /// <summary>The samples directory, relative to the program's directory when not absolute. Default: <c>samples</c>.</summary>
    public string Directory { get; set; } = "samples";
}
