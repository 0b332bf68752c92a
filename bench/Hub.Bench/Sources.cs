namespace IntegrationHub.Bench;

/// <summary>The three agency sources, in the order the hub ingests them (Dukcapil first: it creates the persons the others link to).</summary>
internal static class Sources
{
    public const string Dukcapil = "dukcapil";
    public const string Bpjs = "bpjs";
    public const string Djp = "djp";

    public static readonly string[] All = [Dukcapil, Bpjs, Djp];

    public static string Describe(string source) => source switch
    {
        Dukcapil => "Dukcapil (csv-file)",
        Bpjs => "BPJS (rest-json)",
        Djp => "DJP (sql-table)",
        _ => source,
    };
}

/// <summary>What a child process measures.</summary>
internal static class Phases
{
    /// <summary>The connector's ReadAsync loop only.</summary>
    public const string Read = "read";

    /// <summary>The ReadAsync loop plus the agency schema's checks of every row.</summary>
    public const string ReadValidate = "read+validate";

    /// <summary>The ReadAsync loop plus the schema's checks and <c>CompiledMapping.Map</c> of every row, as the hub does them.</summary>
    public const string ReadMap = "read+map";

    /// <summary>The hub's <c>IngestService</c> into the hub database.</summary>
    public const string Full = "full";

    /// <summary>The raw bulk load of the Dukcapil CSV rows into a plain table of the hub database.</summary>
    public const string Floor = "floor";
}
