namespace IntegrationHub.Worker.Metrics;

/// <summary>The Prometheus metric types the hub exposes.</summary>
internal enum MetricType
{
    Counter = 1,
    Gauge,
    Histogram,
}

/// <summary>One metric as scraped: its exposition name, help text, type and one series per label set.</summary>
internal sealed record MetricFamily(string Name, string Help, MetricType Type, IReadOnlyList<MetricSeries> Series);

/// <summary>One label set's value (counter, gauge) or distribution (histogram).</summary>
internal sealed record MetricSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null);

/// <summary>
/// A histogram's state: <paramref name="BucketCounts"/> holds the count per bucket, not cumulative, one more than
/// <paramref name="UpperBounds"/> (the last is the overflow bucket above the highest bound).
/// </summary>
internal sealed record HistogramValue(IReadOnlyList<double> UpperBounds, IReadOnlyList<long> BucketCounts, double Sum, long Count);
