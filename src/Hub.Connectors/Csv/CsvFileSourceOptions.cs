namespace IntegrationHub.Connectors.Csv;

/// <summary>
/// Configuration of a delimited-file source (<c>schemas/connectors/csv-file.schema.json</c>): either a drop
/// directory watched for files matching <see cref="Pattern"/>, or an explicit list of <see cref="Files"/>.
/// </summary>
public sealed class CsvFileSourceOptions
{
    /// <summary>The drop directory. Files found there are read in name order, then moved to <see cref="ProcessedDirectory"/> or <see cref="FailedDirectory"/>.</summary>
    public string? Directory { get; set; }

    /// <summary>Files to read in the order given, instead of a drop directory; they are never moved.</summary>
    public IReadOnlyList<string>? Files { get; set; }

    /// <summary>The file name pattern in the drop directory. Default: <c>*.csv</c>.</summary>
    public string Pattern { get; set; } = "*.csv";

    /// <summary>The field separator, one character. Default: <c>;</c> (SIAK exports).</summary>
    public string Delimiter { get; set; } = ";";

    /// <summary><c>utf-8</c> (default; with or without a byte order mark) or <c>windows-1252</c>.</summary>
    public string Encoding { get; set; } = "utf-8";

    /// <summary>Header names as the files write them, mapped to the names the mapping uses (e.g. <c>"NAMA LENGKAP": "NAMA_LGKP"</c>).</summary>
    public IReadOnlyDictionary<string, string>? HeaderMap { get; set; }

    /// <summary>Where fully read files go, relative to <see cref="Directory"/>. Default: <c>processed</c>.</summary>
    public string ProcessedDirectory { get; set; } = "processed";

    /// <summary>Where unreadable files go (with a <c>.reason.txt</c> beside them), relative to <see cref="Directory"/>. Default: <c>failed</c>.</summary>
    public string FailedDirectory { get; set; } = "failed";
}
