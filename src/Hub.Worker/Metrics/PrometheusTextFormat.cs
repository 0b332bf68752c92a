using System.Globalization;
using System.Text;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Writes metrics in the Prometheus text exposition format, version 0.0.4: a <c># HELP</c> and a <c># TYPE</c>
/// line per metric, then one line per series; histograms as cumulative <c>_bucket{le="..."}</c> lines ending in
/// <c>le="+Inf"</c>, then <c>_sum</c> and <c>_count</c>.
/// </summary>
internal static class PrometheusTextFormat
{
    /// <summary>The content type of the format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<MetricFamily> families)
    {
        var text = new StringBuilder();
        foreach (var family in families)
        {
            text.Append("# HELP ").Append(family.Name).Append(' ').Append(EscapeHelp(family.Help)).Append('\n');
            text.Append("# TYPE ").Append(family.Name).Append(' ').Append(family.Type switch
            {
                MetricType.Counter => "counter",
                MetricType.Gauge => "gauge",
                _ => "histogram",
            }).Append('\n');
            foreach (var series in family.Series)
            {
                if (family.Type == MetricType.Histogram && series.Histogram is { } histogram)
                {
                    WriteHistogram(text, family.Name, series.Labels, histogram);
                }
                else
                {
                    WriteSample(text, family.Name, series.Labels, null, FormatValue(series.Value));
                }
            }
        }

        return text.ToString();
    }

    private static void WriteHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        long cumulative = 0;
        for (var i = 0; i < histogram.UpperBounds.Count; i++)
        {
            cumulative += histogram.BucketCounts[i];
            WriteSample(text, name + "_bucket", labels, FormatValue(histogram.UpperBounds[i]), cumulative.ToString(CultureInfo.InvariantCulture));
        }

        // The +Inf bucket holds every observation, so it always equals _count.
        WriteSample(text, name + "_bucket", labels, "+Inf", histogram.Count.ToString(CultureInfo.InvariantCulture));
        WriteSample(text, name + "_sum", labels, null, FormatValue(histogram.Sum));
        WriteSample(text, name + "_count", labels, null, histogram.Count.ToString(CultureInfo.InvariantCulture));
    }

    private static void WriteSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, string value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            var first = true;
            foreach (var (key, labelValue) in labels)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(key).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }

    /// <summary>A label value with backslash, double quote and line feed escaped, as the format requires.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Help text with backslash and line feed escaped (double quotes stay as they are there).</summary>
    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A sample value as Prometheus parses it: shortest round-trip decimal, <c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>.</summary>
    public static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// The exposition name of an instrument: characters outside <c>[a-zA-Z0-9_:]</c> become <c>_</c>, the unit
    /// becomes a suffix (<c>s</c> to <c>_seconds</c>, <c>By</c> to <c>_bytes</c>; annotations such as
    /// <c>{record}</c> add nothing) and counters end in <c>_total</c>.
    /// </summary>
    public static string MetricName(string instrumentName, string? unit, MetricType type)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            "1" => "_ratio",
            _ => "",
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    /// <summary>A label name: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>; a leading digit gets a <c>_</c> in front.</summary>
    public static string LabelName(string tagName) => Sanitize(tagName, allowColon: false);

    private static string Sanitize(string name, bool allowColon)
    {
        if (name.Length == 0)
        {
            return "_";
        }

        var result = new StringBuilder(name.Length + 1);
        if (char.IsAsciiDigit(name[0]))
        {
            result.Append('_');
        }

        foreach (var c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        return result.ToString();
    }
}
