using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Rest;
using IntegrationHub.Connectors.Sql;

namespace IntegrationHub.Worker.Configuration;

/// <summary>The kinds of source the hub can read.</summary>
public static class SourceKinds
{
    /// <summary>Delimited files: a drop directory, or files named on the command line.</summary>
    public const string CsvFile = "csv-file";

    /// <summary>A paged REST/JSON API, read incrementally.</summary>
    public const string RestJson = "rest-json";

    /// <summary>A table in an agency's relational database, read incrementally by keyset.</summary>
    public const string SqlTable = "sql-table";
}

/// <summary>One configured source, under <c>Hub:Sources:{name}</c>: its transport, its mapping, and how much to apply per transaction.</summary>
public sealed class SourceOptions
{
    /// <summary>The configuration section that holds the sources.</summary>
    public const string SectionName = "Hub:Sources";

    /// <summary>What the source is; see <see cref="SourceKinds"/>. Default: <c>csv-file</c>.</summary>
    public string Kind { get; set; } = SourceKinds.CsvFile;

    /// <summary>The mapping file, relative to the program's directory when not absolute. Default: <c>mappings/{source}.json</c>.</summary>
    public string? Mapping { get; set; }

    /// <summary>Records applied per transaction, with the cursor. Default: 500.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// When the worker reads the source on its own: a Quartz cron expression (seconds first, e.g.
    /// <c>0 0/15 * * * ?</c> every 15 minutes). None: only run-now, retries and <c>hub ingest</c> read it.
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>Settings of a <c>csv-file</c> source.</summary>
    public CsvFileSourceOptions Csv { get; set; } = new();

    /// <summary>Settings of a <c>rest-json</c> source.</summary>
    public RestJsonSourceOptions Rest { get; set; } = new();

    /// <summary>Settings of a <c>sql-table</c> source.</summary>
    public SqlTableSourceOptions Sql { get; set; } = new();
}
