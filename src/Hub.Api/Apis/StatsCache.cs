using IntegrationHub.Api.Startup;
using IntegrationHub.Core.Regions;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Statistics;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// The published statistics, counted and suppressed at most once per <see cref="StatsOptions.CacheSeconds"/>:
/// the endpoint is public, and each count reads the whole index.
/// </summary>
internal sealed class StatsCache(HubDatabase database, IOptions<StatsOptions> options, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private StatsApi.StatsDocument? _current;
    private DateTimeOffset _expires;

    public async Task<StatsApi.StatsDocument> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && time.GetUtcNow() < _expires)
        {
            return fresh;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && time.GetUtcNow() < _expires)
            {
                return again;
            }

            var k = options.Value.MinimumCellSize;
            var counts = await new RegionStatisticsStore(database).CountByRegencyAsync(cancellationToken);
            var now = time.GetUtcNow();
            _current = Document(CellSuppression.Apply(counts, k), k, now);
            _expires = now.AddSeconds(options.Value.CacheSeconds);
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static StatsApi.StatsDocument Document(IReadOnlyList<PublishedProvince> provinces, int k, DateTimeOffset now)
    {
        var regions = RegionCatalog.Default;
        return new StatsApi.StatsDocument(
            k,
            now,
            StatisticsMeasures.All,
            provinces.Select(p => new StatsApi.ProvinceRow(
                p.ProvinceCode,
                regions.Find(p.ProvinceCode)?.Name,
                p.Total.Persons,
                p.Total.Deceased,
                p.Total.BpjsMembers,
                p.Total.NpwpHolders,
                p.Total.Suppressed,
                p.Regencies.Select(r => new StatsApi.RegencyRow(
                    r.RegencyCode,
                    regions.Find(r.RegencyCode)?.Name,
                    r.Counts.Persons,
                    r.Counts.Deceased,
                    r.Counts.BpjsMembers,
                    r.Counts.NpwpHolders,
                    r.Counts.Suppressed)).ToList())).ToList());
    }

    public void Dispose() => _gate.Dispose();
}
