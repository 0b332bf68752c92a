using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Mapping;

namespace IntegrationHub.Api.Tests;

/// <summary>The bundled Dukcapil sample, read with the real file source and shipped mapping: what the embedded default must serve.</summary>
internal static class SampleData
{
    public sealed record Accepted(string SourceKey, IntegrationHub.Core.Canonical.CanonicalRecord Canonical, string Location, long Line);

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil");

    public static IReadOnlyList<Accepted> AcceptedRecords()
    {
        var mapping = CompiledMapping.Load(Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"));
        using var source = new CsvFileSource("dukcapil", new CsvFileSourceOptions { Files = System.IO.Directory.GetFiles(Directory, "*.csv") }, mapping.SourceFields);
        var feed = new SourceFeed(CsvFileSource.FeedName, mapping.SourceFields, null);
        var accepted = new List<Accepted>();
        var cursor = SourceCursor.Start;
        while (true)
        {
            var batch = source.ReadAsync(feed, cursor, 1000, CancellationToken.None).GetAwaiter().GetResult();
            foreach (var row in batch.Rows)
            {
                if (mapping.Map(row) is { Record: { } record, SourceKey: { } key })
                {
                    accepted.Add(new Accepted(key, record, row.Location, row.Offset ?? 0));
                }
            }

            cursor = batch.Next;
            if (batch.Exhausted)
            {
                return accepted;
            }
        }
    }

    /// <summary>A NIK that Dukcapil and BPJS both hold with the same birth date, and its BPJS card number.</summary>
    public static (string Nik, string CardNumber) InDukcapilAndBpjs()
    {
        var dukcapil = AcceptedRecords().ToDictionary(r => r.SourceKey, r => r.Canonical[IntegrationHub.Core.Canonical.CanonicalFields.BirthDate]);
        var bpjs = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", "bpjs", "peserta.json")))!.AsArray();
        var both = bpjs.Select(n => n!.AsObject())
            .First(r => (string?)r["nik"] is { } nik && dukcapil.TryGetValue(nik, out var born) && born == (string?)r["tglLahir"]);
        return ((string)both["nik"]!, (string)both["noKartu"]!);
    }

    public static IReadOnlyList<string> AllNikLikeValues() =>
        System.IO.Directory.GetFiles(Directory, "*.csv")
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(l => l.Split(';')[0])
            .Where(n => n.Length == 16)
            .ToList();
}
