using System.Diagnostics.Metrics;
using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Tests.Metrics;

/// <summary>The exposition format, version 0.0.4, as a Prometheus server parses it.</summary>
public sealed class PrometheusTextFormatTests : IDisposable
{
    private readonly Meter _meter = new("IntegrationHub.Tests." + Guid.NewGuid().ToString("N"));
    private readonly PrometheusCollector _collector;

    public PrometheusTextFormatTests() => _collector = new PrometheusCollector(i => ReferenceEquals(i.Meter, _meter));

    private string Scrape() => PrometheusTextFormat.Write(_collector.Collect());

    [Fact]
    public void Counter_HasHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("hub.ingest.records.read", "{record}", "Records read.");
        counter.Add(5, new KeyValuePair<string, object?>("source", "dukcapil"));
        counter.Add(2, new KeyValuePair<string, object?>("source", "dukcapil"));
        counter.Add(1, new KeyValuePair<string, object?>("source", "bpjs"));

        var lines = Scrape().Split('\n');

        Assert.Equal(
            [
                "# HELP hub_ingest_records_read_total Records read.",
                "# TYPE hub_ingest_records_read_total counter",
                "hub_ingest_records_read_total{source=\"bpjs\"} 1",
                "hub_ingest_records_read_total{source=\"dukcapil\"} 7",
                "",
            ],
            lines);
    }

    [Fact]
    public void LabelValues_EscapeBackslashQuoteAndNewline()
    {
        var counter = _meter.CreateCounter<long>("odd", null, "Help with a \\ backslash\nand a newline.");
        counter.Add(1, new KeyValuePair<string, object?>("path", "C:\\drop\\\"new\"\nfile"));

        var text = Scrape();

        Assert.Contains("# HELP odd_total Help with a \\\\ backslash\\nand a newline.\n", text, StringComparison.Ordinal);
        Assert.Contains("odd_total{path=\"C:\\\\drop\\\\\\\"new\\\"\\nfile\"} 1\n", text, StringComparison.Ordinal);
        // One sample line: the newline in the value did not split it.
        Assert.Single(text.Split('\n'), l => l.StartsWith("odd_total{", StringComparison.Ordinal));
    }

    [Fact]
    public void Histogram_BucketsAreCumulativeEndInPlusInfAndMatchSumAndCount()
    {
        var histogram = _meter.CreateHistogram("request.duration", "s", "Durations.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.125, 1, 10] });
        foreach (var value in new[] { 0.0625, 0.125, 0.5, 2, 20, 30 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("endpoint", "/x"));
        }

        var lines = Scrape().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(
            [
                "# HELP request_duration_seconds Durations.",
                "# TYPE request_duration_seconds histogram",
                // 0.125 is in the le="0.125" bucket: bounds are inclusive.
                "request_duration_seconds_bucket{endpoint=\"/x\",le=\"0.125\"} 2",
                "request_duration_seconds_bucket{endpoint=\"/x\",le=\"1\"} 3",
                "request_duration_seconds_bucket{endpoint=\"/x\",le=\"10\"} 4",
                "request_duration_seconds_bucket{endpoint=\"/x\",le=\"+Inf\"} 6",
                "request_duration_seconds_sum{endpoint=\"/x\"} 52.6875",
                "request_duration_seconds_count{endpoint=\"/x\"} 6",
            ],
            lines);
    }

    [Fact]
    public void Histogram_WithoutAdvice_UsesTheDefaultBuckets()
    {
        var histogram = _meter.CreateHistogram<double>("plain");
        histogram.Record(0.3);

        var buckets = Scrape().Split('\n').Where(l => l.StartsWith("plain_bucket", StringComparison.Ordinal)).ToList();

        Assert.Equal(PrometheusCollector.DefaultBuckets.Count + 1, buckets.Count);
        Assert.Equal("plain_bucket{le=\"0.25\"} 0", buckets[5]);
        Assert.Equal("plain_bucket{le=\"0.5\"} 1", buckets[6]);
        Assert.Equal("plain_bucket{le=\"+Inf\"} 1", buckets[^1]);
    }

    [Fact]
    public void GaugesAndObservableInstruments_AreReadAtScrape()
    {
        var active = _meter.CreateUpDownCounter<long>("clients.active");
        active.Add(3);
        active.Add(-1);
        var level = 41.5;
        _meter.CreateObservableGauge("queue.depth", () => level);

        var first = Scrape();
        level = 7;
        var second = Scrape();

        Assert.Contains("# TYPE clients_active gauge\nclients_active 2\n", first, StringComparison.Ordinal);
        Assert.Contains("queue_depth 41.5\n", first, StringComparison.Ordinal);
        Assert.Contains("queue_depth 7\n", second, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.000001, "1E-06")]
    [InlineData(1234567.5, "1234567.5")]
    public void FormatValue_SpecialAndOrdinaryValues(double value, string expected) =>
        Assert.Equal(expected, PrometheusTextFormat.FormatValue(value));

    [Theory]
    [InlineData("hub.http.request.duration", "s", "Histogram", "hub_http_request_duration_seconds")]
    [InlineData("hub.ingest.records.read", "{record}", "Counter", "hub_ingest_records_read_total")]
    [InlineData("bytes-sent", "By", "Counter", "bytes_sent_bytes_total")]
    [InlineData("9lives", null, "Gauge", "_9lives")]
    public void MetricName_IsValidWithUnitAndTotalSuffixes(string instrument, string? unit, string type, string expected) =>
        Assert.Equal(expected, PrometheusTextFormat.MetricName(instrument, unit, Enum.Parse<MetricType>(type)));

    [Fact]
    public void LabelName_InvalidCharactersBecomeUnderscores() =>
        Assert.Equal("http_route", PrometheusTextFormat.LabelName("http.route"));

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }
}
