using System.Text.Json;

namespace IntegrationHub.Bench;

/// <summary>Everything a child process needs to measure one phase; written once by the parent as JSON.</summary>
internal sealed record BenchContext(
    BenchDatabase Database,
    string? SqliteDataDirectory,
    string? HubPostgres,
    string CsvPath,
    Uri BpjsBaseAddress,
    string DjpProvider,
    string DjpConnectionString,
    int BatchSize,
    string MappingsDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static BenchContext Load(string path) =>
        JsonSerializer.Deserialize<BenchContext>(File.ReadAllText(path), Json) ?? throw new InvalidOperationException($"{path} holds no context.");
}

/// <summary>What one child measured: one phase of one source (or the floor).</summary>
internal sealed record PhaseResult(
    string Source,
    string Phase,
    long Read,
    long Accepted,
    long Unchanged,
    long Quarantined,
    double Seconds,
    long PeakWorkingSetBytes,
    long AllocatedBytes)
{
    /// <summary>Processor time (user + system, all threads) the child spent in the measured work; 0 where not measured.</summary>
    public double CpuSeconds { get; init; }

    /// <summary>
    /// Inside a full ingest: seconds per phase (parse, validate, map, match, write, lineage, events) as the hub's
    /// <c>hub_ingest_phase_seconds_total</c> counter recorded them; null where not measured.
    /// </summary>
    public IReadOnlyDictionary<string, double>? PhaseSeconds { get; init; }

    /// <summary>
    /// Managed objects still reachable once the work is done (a full, compacting collection after the peak was read):
    /// what the process keeps, as against what it needed on the way; 0 where not measured.
    /// </summary>
    public long LiveHeapBytes { get; init; }

    public const string Marker = "HUB-BENCH-RESULT ";

    public double RecordsPerSecond => Seconds > 0 ? Read / Seconds : 0;

    public string ToLine() => Marker + JsonSerializer.Serialize(this);

    public static PhaseResult? FromLine(string line) =>
        line.StartsWith(Marker, StringComparison.Ordinal) ? JsonSerializer.Deserialize<PhaseResult>(line[Marker.Length..]) : null;
}
