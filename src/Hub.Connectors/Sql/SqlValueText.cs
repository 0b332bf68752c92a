using System.Globalization;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// Turns database values into the strings a <see cref="Contract.SourceRow"/> carries, the same way on every database:
/// <list type="bullet">
/// <item>null → null; text as stored;</item>
/// <item>timestamps → <c>yyyy-MM-dd HH:mm:ss</c> with a fraction only when there is one (<c>.FFFFFFF</c>), the form
/// agency exports and the mappings use; instants (timestamptz, UTC) end in <c>Z</c>, offsets in <c>+07:00</c>, so a
/// mapping can never mistake UTC for local time; dates → <c>yyyy-MM-dd</c>;</item>
/// <item>numbers invariant (<c>.</c> decimal point, round-trip precision for floating point);</item>
/// <item>booleans → <c>true</c>/<c>false</c>; binary → base64; uuids → <c>D</c> format.</item>
/// </list>
/// </summary>
internal static class SqlValueText
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss.FFFFFFF";

    public static string? Format(object? value, string? dataTypeName) => value switch
    {
        null or DBNull => null,
        string s => s,
        // Npgsql reads a PostgreSQL date as a DateTime at midnight; it is still a date.
        DateTime t when string.Equals(dataTypeName, "date", StringComparison.OrdinalIgnoreCase) => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime { Kind: DateTimeKind.Utc } t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture) + "Z",
        DateTime t => t.ToString(TimestampFormat, CultureInfo.InvariantCulture),
        DateTimeOffset o => o.ToString(TimestampFormat + "zzz", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        byte[] bytes => Convert.ToBase64String(bytes),
        Guid g => g.ToString("D"),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
