using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Storage;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using IntegrationHub.Worker.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Worker.Tests.Ingest;

/// <summary>
/// <c>hub_ingest_phase_seconds_total</c>: a real ingest of the Dukcapil sample, on each engine, records time in every
/// phase, and the phases (disjoint by construction) never add up to more than the ingest's own wall time.
/// </summary>
public abstract class IngestPhaseMetricsTests : IDisposable
{
    private readonly string _sample;

    protected IngestPhaseMetricsTests()
    {
        _sample = Path.Combine(Directory, "biodata.csv");
        // 200 rows (the sample's planted defects among them) in batches of 50: four committed batches.
        File.WriteAllLines(_sample, File.ReadLines(Path.Combine(AppContext.BaseDirectory, "samples", "dukcapil", "biodata-sample.csv")).Take(201));
    }

    protected string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("hub-phases-").FullName;

    protected abstract Task<StorageOptions> StorageAsync();

    [Fact]
    public async Task Every_phase_gets_time_and_the_phases_fit_inside_the_ingest()
    {
        await using var database = HubDatabase.Open(await StorageAsync());
        await database.Migrator.MigrateAsync(CancellationToken.None);
        await using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new HubMetrics(services.GetRequiredService<IMeterFactory>());
        using var phases = new PhaseListener(metrics);
        var service = new IngestService(database, TimeProvider.System, NullLogger<IngestService>.Instance, metrics: metrics);
        var options = new SourceOptions
        {
            Kind = SourceKinds.CsvFile,
            Mapping = Path.Combine(AppContext.BaseDirectory, "mappings", "dukcapil.json"),
            BatchSize = 50,
        };

        var clock = Stopwatch.StartNew();
        var summary = await service.IngestFilesAsync("dukcapil", options, [_sample], null, CancellationToken.None);
        var wall = clock.Elapsed.TotalSeconds;

        Assert.Equal(200, summary.Counts.Read);
        Assert.True(summary.Counts.Accepted > 150, $"accepted {summary.Counts.Accepted}");
        foreach (var phase in IngestPhaseTimes.Names)
        {
            Assert.True(phases.Seconds("dukcapil", phase) > 0, $"phase {phase} recorded no time");
        }

        var sum = IngestPhaseTimes.Names.Sum(p => phases.Seconds("dukcapil", p));
        Assert.True(sum <= wall, $"phases add up to {sum:0.000} s, more than the ingest's {wall:0.000} s");

        // The unchanged path: the same file again changes nothing, yet its reading and matching are still counted.
        var before = IngestPhaseTimes.Names.ToDictionary(p => p, p => phases.Seconds("dukcapil", p));
        clock.Restart();
        var again = await service.IngestFilesAsync("dukcapil", options, [_sample], null, CancellationToken.None);
        wall = clock.Elapsed.TotalSeconds;
        Assert.Equal(0, again.Counts.Accepted);
        var added = IngestPhaseTimes.Names.ToDictionary(p => p, p => phases.Seconds("dukcapil", p) - before[p]);
        Assert.True(added["parse"] > 0 && added["map"] > 0 && added["match"] > 0 && added["write"] > 0, string.Join(", ", added));
        Assert.True(added.Values.Sum() <= wall, $"second run: phases add up to {added.Values.Sum():0.000} s, more than {wall:0.000} s");
        Assert.All(added.Values, v => Assert.True(v >= 0));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sums the phase counter of one <see cref="HubMetrics"/> instance by source and phase, as a scraper would.</summary>
    private sealed class PhaseListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<(string Source, string Phase), double> _seconds = [];

        public PhaseListener(HubMetrics metrics)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter == metrics.Meter && instrument.Name == HubMetrics.IngestPhaseInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, value, tags, _) =>
            {
                string? source = null, phase = null;
                foreach (var tag in tags)
                {
                    if (tag.Key == "source")
                    {
                        source = tag.Value as string;
                    }
                    else if (tag.Key == "phase")
                    {
                        phase = tag.Value as string;
                    }
                }

                lock (_seconds)
                {
                    var key = (source ?? "", phase ?? "");
                    _seconds[key] = _seconds.GetValueOrDefault(key) + value;
                }
            });
            _listener.Start();
        }

        public double Seconds(string source, string phase)
        {
            lock (_seconds)
            {
                return _seconds.GetValueOrDefault((source, phase));
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteIngestPhaseMetricsTests : IngestPhaseMetricsTests
{
    protected override Task<StorageOptions> StorageAsync() => Task.FromResult(new StorageOptions { DataDirectory = Path.Combine(Directory, "hub") });
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresIngestPhaseMetricsTests : IngestPhaseMetricsTests
{
    protected override async Task<StorageOptions> StorageAsync() => new() { PostgresConnectionString = await Storage.Tests.PostgresServer.CreateDatabaseAsync() };
}
