using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// A row to re-process: the hub (API and <c>hub</c> command alike) maps Dukcapil rows with a copy of the shipped
/// mapping in the test's own directory, so a test can fix that file as an engineer would and the running hub uses the
/// fix. The row is a sample resident's with a religion the mapping does not know (PENGHAYAT), so ingest quarantines it
/// with <c>code.Unknown</c>.
/// </summary>
public sealed partial class ConsoleHub
{
    /// <summary>The religion the shipped mapping has no code for.</summary>
    public const string UnknownReligion = "PENGHAYAT";

    private readonly Lock _reprocessLock = new();
    private Task<ReprocessRow>? _reprocessRow;

    /// <summary>The Dukcapil mapping the hub uses: a copy of the shipped one, which tests may change.</summary>
    public string DukcapilMapping => Path.Combine(_directory, "mappings", "dukcapil.json");

    /// <summary>Ingests (once per hub) a sample resident's row with an unknown religion, through the real <c>hub ingest</c>.</summary>
    public Task<ReprocessRow> EnsureReprocessRowAsync()
    {
        lock (_reprocessLock)
        {
            return _reprocessRow ??= IngestReprocessRowAsync();
        }
    }

    /// <summary>Teaches the hub's Dukcapil mapping the unknown religion (a new version of the mapping), as the fix would.</summary>
    public async Task FixDukcapilMappingAsync()
    {
        var mapping = JsonNode.Parse(await File.ReadAllTextAsync(DukcapilMapping))!.AsObject();
        mapping["version"] = (int)mapping["version"]! + 1;
        var religion = mapping["rules"]!.AsArray().Single(r => (string?)r!["target"] == "religion")!;
        religion["transforms"]!.AsArray().Single(t => (string?)t!["op"] == "code")!["table"]![UnknownReligion] = "kepercayaan";
        await File.WriteAllTextAsync(DukcapilMapping, mapping.ToJsonString());
    }

    private void UseOwnMappings(IDictionary<string, string?> environment)
    {
        if (!File.Exists(DukcapilMapping))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(DukcapilMapping)!);
            File.Copy(Path.Combine(RepositoryRoot(), "mappings", "dukcapil.json"), DukcapilMapping);
        }

        environment["Hub__Sources__dukcapil__Mapping"] = DukcapilMapping;
    }

    private async Task<ReprocessRow> IngestReprocessRowAsync()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(RepositoryRoot(), "samples", "dukcapil", "biodata-sample.csv"));
        var fields = lines[6].Split(';');
        fields[7] = UnknownReligion; // AGAMA
        fields[21] = "2026-11-02 09:00:00"; // TGL_UPDATE: newer than the sample's, so the re-processed values survive
        const string name = "religion-code.csv";
        var file = Path.Combine(_directory, name);
        await File.WriteAllLinesAsync(file, [lines[0], string.Join(';', fields)]);
        var output = await RunHubAsync(["ingest", "--source", "dukcapil", file]);
        Assert.Contains("quarantined 1", output, StringComparison.Ordinal);
        var rows = (await Http.GetFromJsonAsync<JsonArray>("/api/v1/quarantine?source=dukcapil&reason=code.Unknown&limit=200"))!;
        var row = rows.Select(r => r!.AsObject()).Single(r => (string?)r["location"] == name);
        return new ReprocessRow((long)row["id"]!, fields[0], name);
    }
}

/// <summary>The quarantined row's id, the resident's NIK, and the crafted file's name.</summary>
public sealed record ReprocessRow(long Id, string Nik, string File);
