using IntegrationHub.Connectors.Dukcapil;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Api.Tests;

/// <summary>The bundled Dukcapil sample, read with the real connector: what the embedded default must serve.</summary>
internal static class SampleData
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil");

    public static IReadOnlyList<SourceRecord> AcceptedRecords() =>
        System.IO.Directory.GetFiles(Directory, "*.csv")
            .SelectMany(f => new DukcapilBiodata(RegionCatalog.Default, TimeProvider.System).Read(f, CancellationToken.None))
            .Where(o => o.Record is not null)
            .Select(o => o.Record!)
            .ToList();

    public static IReadOnlyList<string> AllNikLikeValues() =>
        System.IO.Directory.GetFiles(Directory, "*.csv")
            .SelectMany(File.ReadLines)
            .Skip(1)
            .Select(l => l.Split(';')[0])
            .Where(n => n.Length == 16)
            .ToList();
}
