using System.Globalization;
using System.Text;

namespace IntegrationHub.Worker.Reports;

/// <summary>RFC 4180 CSV for reports: a header row, then rows; fields quoted when needed.</summary>
internal sealed class CsvText
{
    private readonly StringBuilder _text = new();

    public CsvText(params string[] header) => Row(header);

    public CsvText Row(params object?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                _text.Append(',');
            }

            _text.Append(Escape(fields[i]));
        }

        _text.Append("\r\n");
        return this;
    }

    public override string ToString() => _text.ToString();

    private static string Escape(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        // A text cell a spreadsheet would run as a formula is prefixed with ' (numbers are left as they are).
        if (value is string && text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            text = "'" + text;
        }

        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
