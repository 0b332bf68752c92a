using System.Globalization;

namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>Orders values of the "updated" field: numerically when both are numbers, otherwise as ordinal text (ISO-like timestamps sort that way).</summary>
internal static class UpdatedValue
{
    public static string? Max(string? current, string? candidate)
    {
        if (string.IsNullOrEmpty(candidate))
        {
            return current;
        }

        return current is null || Compare(candidate, current) > 0 ? candidate : current;
    }

    public static int Compare(string a, string b) =>
        decimal.TryParse(a, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, NumberStyles.Number, CultureInfo.InvariantCulture, out var y)
            ? x.CompareTo(y)
            : string.CompareOrdinal(a, b);
}
