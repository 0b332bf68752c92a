namespace IntegrationHub.Worker.Configuration;

/// <summary>The kinds of source the hub can read.</summary>
public static class SourceKinds
{
    /// <summary>A Dukcapil biodata export: <c>;</c>-delimited SIAK columns.</summary>
    public const string DukcapilBiodataCsv = "dukcapil-biodata-csv";
}

/// <summary>One configured source, under <c>Hub:Sources:{name}</c>.</summary>
public sealed class SourceOptions
{
    /// <summary>The configuration section that holds the sources.</summary>
    public const string SectionName = "Hub:Sources";

    /// <summary>What the source is; see <see cref="SourceKinds"/>.</summary>
    public string Kind { get; set; } = SourceKinds.DukcapilBiodataCsv;

    /// <summary>A drop directory or file, relative to the configuration's base directory. Optional for the command line, which names files itself.</summary>
    public string? Path { get; set; }

    /// <summary>The file pattern within <see cref="Path"/> when it is a directory. Default: <c>*.csv</c>.</summary>
    public string Pattern { get; set; } = "*.csv";

    /// <summary>The text encoding: <c>utf-8</c> (default, with or without byte order mark) or <c>windows-1252</c>.</summary>
    public string Encoding { get; set; } = "utf-8";

    /// <summary>Records applied per transaction. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;
}
