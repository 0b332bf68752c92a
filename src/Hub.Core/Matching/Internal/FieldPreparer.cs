using System.Globalization;
using System.Text;
using IntegrationHub.Core.Matching.Model;
using IntegrationHub.Core.Names;

namespace IntegrationHub.Core.Matching.Internal;

/// <summary>Normalises one field's raw value the way its definition says.</summary>
internal sealed class FieldPreparer(FieldDefinition definition)
{
    private readonly string[] _formats = definition.Formats?.ToArray() ?? [];

    public string Name { get; } = definition.Name;

    public bool IsDate { get; } = definition.Normalise == FieldNormalisers.Date;

    public string? Prepare(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var value = definition.Normalise switch
        {
            FieldNormalisers.Upper => CollapseUpper(raw),
            FieldNormalisers.Digits => Digits(raw),
            FieldNormalisers.IndonesianName => IndonesianNameNormaliser.Normalise(raw).Normalised,
            FieldNormalisers.Date => Date(raw),
            _ => raw.Trim(),
        };
        return string.IsNullOrEmpty(value) ? null : value;
    }

    private string? Date(string raw)
    {
        var trimmed = raw.Trim();
        return DateOnly.TryParseExact(trimmed, _formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : null;
    }

    private static string Digits(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (c is >= '0' and <= '9')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string CollapseUpper(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        var space = false;
        foreach (var c in raw.Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                space = true;
                continue;
            }

            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }

            space = false;
            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
