using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Aggregates the measurements of the instruments it is given, in memory, for <c>/metrics</c>: counters and
/// up-down counters sum, gauges keep the last value, histograms count into buckets (the instrument's advised
/// boundaries, or <see cref="DefaultBuckets"/>). Observable instruments are read at each scrape.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    /// <summary>The bucket boundaries of a histogram that advises none.</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();

    /// <summary>Starts listening to every instrument, published now or later, that <paramref name="include"/> accepts.</summary>
    public PrometheusCollector(Func<Instrument, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (include(instrument) && InstrumentState.Create(instrument) is { } state)
                {
                    _instruments[instrument] = state;
                    listener.EnableMeasurementEvents(instrument, state);
                }
            },
            MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentState? _),
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Every metric now, by name, each series in label order.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        _listener.RecordObservableInstruments();
        return _instruments.Values
            .Select(s => s.Snapshot())
            .GroupBy(f => f.Name, StringComparer.Ordinal)
            // Two meters may publish the same instrument name (e.g. two hosts in one process): merge their series.
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Series = [.. g.SelectMany(f => f.Series)] })
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    public void Dispose() => _listener.Dispose();

    private abstract class InstrumentState(Instrument instrument, MetricType type)
    {
        private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

        public static InstrumentState? Create(Instrument instrument)
        {
            var definition = instrument.GetType().GetGenericTypeDefinition();
            if (definition == typeof(Counter<>))
            {
                return new SumState(instrument, MetricType.Counter, cumulative: false);
            }

            if (definition == typeof(ObservableCounter<>))
            {
                return new SumState(instrument, MetricType.Counter, cumulative: true);
            }

            if (definition == typeof(UpDownCounter<>))
            {
                return new SumState(instrument, MetricType.Gauge, cumulative: false);
            }

            if (definition == typeof(ObservableUpDownCounter<>) || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>))
            {
                return new SumState(instrument, MetricType.Gauge, cumulative: true);
            }

            if (definition == typeof(Histogram<>))
            {
                return new HistogramState(instrument, Boundaries(instrument));
            }

            return null;
        }

        public void Record<T>(T value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            where T : struct, IConvertible
        {
            var labels = Labels(tags);
            var key = string.Join('\u0001', labels.Select(l => l.Key + '\u0002' + l.Value));
            var series = _series.GetOrAdd(key, _ => NewSeries(labels));
            lock (series)
            {
                series.Add(value.ToDouble(CultureInfo.InvariantCulture));
            }
        }

        public MetricFamily Snapshot()
        {
            var series = _series.Values
                .Select(s =>
                {
                    lock (s)
                    {
                        return s.Snapshot();
                    }
                })
                .OrderBy(s => string.Join(',', s.Labels.Select(l => l.Key + "=" + l.Value)), StringComparer.Ordinal)
                .ToList();
            return new MetricFamily(
                PrometheusTextFormat.MetricName(instrument.Name, instrument.Unit, type),
                instrument.Description ?? instrument.Name,
                type,
                series);
        }

        protected abstract Series NewSeries(KeyValuePair<string, string>[] labels);

        private static KeyValuePair<string, string>[] Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var labels = new KeyValuePair<string, string>[tags.Length];
            for (var i = 0; i < tags.Length; i++)
            {
                labels[i] = new(PrometheusTextFormat.LabelName(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? "");
            }

            Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            return labels;
        }

        private static IReadOnlyList<double> Boundaries(Instrument instrument) => instrument switch
        {
            Histogram<double> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => b,
            Histogram<long> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => b.Select(v => (double)v).ToList(),
            Histogram<int> h when h.Advice?.HistogramBucketBoundaries is { Count: > 0 } b => b.Select(v => (double)v).ToList(),
            _ => DefaultBuckets,
        };
    }

    private abstract class Series(KeyValuePair<string, string>[] labels)
    {
        protected KeyValuePair<string, string>[] Labels { get; } = labels;

        public abstract void Add(double value);

        public abstract MetricSeries Snapshot();
    }

    private sealed class SumState(Instrument instrument, MetricType type, bool cumulative) : InstrumentState(instrument, type)
    {
        protected override Series NewSeries(KeyValuePair<string, string>[] labels) => new SumSeries(labels, cumulative);

        private sealed class SumSeries(KeyValuePair<string, string>[] labels, bool cumulative) : Series(labels)
        {
            private double _value;

            // Observable instruments report their current total; the others report increments.
            public override void Add(double value) => _value = cumulative ? value : _value + value;

            public override MetricSeries Snapshot() => new(Labels, _value);
        }
    }

    private sealed class HistogramState(Instrument instrument, IReadOnlyList<double> bounds) : InstrumentState(instrument, MetricType.Histogram)
    {
        protected override Series NewSeries(KeyValuePair<string, string>[] labels) => new HistogramSeries(labels, bounds);

        private sealed class HistogramSeries(KeyValuePair<string, string>[] labels, IReadOnlyList<double> bounds) : Series(labels)
        {
            private readonly long[] _buckets = new long[bounds.Count + 1];
            private double _sum;
            private long _count;

            public override void Add(double value)
            {
                // A value equal to a bound belongs to that bound's bucket (le = less than or equal).
                var i = 0;
                while (i < bounds.Count && value > bounds[i])
                {
                    i++;
                }

                _buckets[i]++;
                _sum += value;
                _count++;
            }

            public override MetricSeries Snapshot() => new(Labels, _count, new HistogramValue(bounds, [.. _buckets], _sum, _count));
        }
    }
}
