using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// One scrape of this host's metrics in the Prometheus text format: refreshes what is read from the database, then
/// collects every instrument of the host's meter. Shared by the API's <c>/metrics</c> and the worker's listener.
/// </summary>
internal sealed class MetricsScrape(PrometheusCollector collector, IEnumerable<IScrapeRefresh> refreshers)
{
    /// <summary>The content type of <see cref="WriteAsync"/>'s text.</summary>
    public const string ContentType = PrometheusTextFormat.ContentType;

    /// <summary>The exposition text now.</summary>
    public async Task<string> WriteAsync(CancellationToken cancellationToken)
    {
        foreach (var refresher in refreshers)
        {
            await refresher.RefreshAsync(cancellationToken);
        }

        return PrometheusTextFormat.Write(collector.Collect());
    }
}

/// <summary>Registers the hub's instruments and the collector behind a <c>/metrics</c> of this host.</summary>
public static class MetricsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="HubMetrics"/>, <see cref="FeedMetrics"/>, <see cref="FeedLagMetrics"/> and a collector listening
    /// to this host's meter only (its <see cref="IMeterFactory"/> is the meter's scope, so several hosts in one process,
    /// as in tests, each count their own). Needs a <see cref="Storage.HubDatabase"/> and a <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddHubMetricsCollection(this IServiceCollection services, MetricsOptions options)
    {
        services.AddMetrics();
        services.TryAddSingleton(options);
        services.TryAddSingleton<HubMetrics>();
        services.TryAddSingleton<FeedMetrics>();
        services.TryAddSingleton<FeedLagMetrics>();
        services.AddSingleton<IScrapeRefresh>(sp => sp.GetRequiredService<FeedLagMetrics>());
        services.AddSingleton(sp =>
        {
            var factory = sp.GetRequiredService<IMeterFactory>();
            var collector = new PrometheusCollector(i => i.Meter.Name == HubMetrics.MeterName && ReferenceEquals(i.Meter.Scope, factory));
            // The instruments exist before the first scrape, so nothing recorded earlier is missed.
            _ = sp.GetRequiredService<HubMetrics>();
            _ = sp.GetRequiredService<FeedMetrics>();
            _ = sp.GetRequiredService<FeedLagMetrics>();
            return collector;
        });
        services.AddSingleton<MetricsScrape>();
        return services;
    }
}
