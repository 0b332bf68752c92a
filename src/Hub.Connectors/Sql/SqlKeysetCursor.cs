using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Connectors.Contract;

namespace IntegrationHub.Connectors.Sql;

/// <summary>
/// The position of a keyset read: the (incremental, key) pair of the last row read, each as text with its type so
/// that the next query compares typed values (a timestamp with a timestamp, 10 after 9), plus the running count of
/// rows read, which numbers rows for quarantine. Stored compactly in <see cref="SourceCursor.Value"/>, e.g.
/// <c>{"inc":{"type":"timestamp","value":"2024-03-01T08:00:00.0000000"},"key":{"type":"text","value":"012345678901234"},"read":300}</c>.
/// </summary>
internal sealed record SqlKeysetCursor(SqlKeysetCursor.TypedValue Inc, SqlKeysetCursor.TypedValue Key, long Read)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public SourceCursor ToCursor() => new(JsonSerializer.Serialize(new Stored(Inc.ToStored(), Key.ToStored(), Read), Json));

    /// <summary>The position in <paramref name="cursor"/>, or null for <see cref="SourceCursor.Start"/>.</summary>
    public static SqlKeysetCursor? Parse(SourceCursor cursor)
    {
        if (cursor.IsStart)
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(cursor.Value!, Json)
                ?? throw new FormatException("The cursor is empty.");
            if (stored.Inc is null || stored.Key is null || stored.Read < 0)
            {
                throw new FormatException("The cursor lacks its incremental value, key or count.");
            }

            return new SqlKeysetCursor(TypedValue.FromStored(stored.Inc), TypedValue.FromStored(stored.Key), stored.Read);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or ArgumentException)
        {
            // A cursor is only ever written by this class; one that does not parse is a foreign or damaged checkpoint.
            throw new ConnectorException($"The SQL table cursor is not one this source wrote: {ex.Message}", isTransient: false, ex);
        }
    }

    internal sealed record Stored(
        [property: JsonPropertyName("inc")] StoredValue? Inc,
        [property: JsonPropertyName("key")] StoredValue? Key,
        [property: JsonPropertyName("read")] long Read);

    internal sealed record StoredValue(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("value")] string Value);

    /// <summary>A database value reduced to a type tag and invariant text, and turned back into the same CLR value for a parameter.</summary>
    internal sealed record TypedValue(string Type, string Text)
    {
        public static TypedValue From(object value) => value switch
        {
            string s => new("text", s),
            long or int or short or sbyte or byte or ushort or uint => new("integer", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
            ulong u => new("decimal", u.ToString(CultureInfo.InvariantCulture)),
            decimal m => new("decimal", m.ToString(CultureInfo.InvariantCulture)),
            double d => new("real", d.ToString("R", CultureInfo.InvariantCulture)),
            float f => new("real", ((double)f).ToString("R", CultureInfo.InvariantCulture)),
            // The kind matters: Npgsql sends Utc as timestamptz and Unspecified as timestamp.
            DateTime { Kind: DateTimeKind.Utc } t => new("timestamptz", t.ToString("O", CultureInfo.InvariantCulture)),
            DateTime t => new("timestamp", DateTime.SpecifyKind(t, DateTimeKind.Unspecified).ToString("O", CultureInfo.InvariantCulture)),
            DateTimeOffset o => new("timestampoffset", o.ToString("O", CultureInfo.InvariantCulture)),
            DateOnly d => new("date", d.ToString("O", CultureInfo.InvariantCulture)),
            Guid g => new("uuid", g.ToString("D")),
            _ => throw new NotSupportedException($"A {value.GetType().Name} column cannot order a keyset read; use a text, number, date/time or uuid column."),
        };

        /// <summary>The value as the provider should receive it in a parameter, typed like the column it came from.</summary>
        public object ToParameterValue() => Type switch
        {
            "text" => Text,
            "integer" => long.Parse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture),
            "decimal" => decimal.Parse(Text, NumberStyles.Number, CultureInfo.InvariantCulture),
            "real" => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture),
            "timestamptz" => DateTime.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "timestamp" => DateTime.SpecifyKind(DateTime.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind), DateTimeKind.Unspecified),
            "timestampoffset" => DateTimeOffset.Parse(Text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            "date" => DateOnly.ParseExact(Text, "O", CultureInfo.InvariantCulture),
            "uuid" => Guid.ParseExact(Text, "D"),
            _ => throw new FormatException($"Unknown cursor value type '{Type}'."),
        };

        public StoredValue ToStored() => new(Type, Text);

        public static TypedValue FromStored(StoredValue stored)
        {
            var value = new TypedValue(stored.Type, stored.Value);
            _ = value.ToParameterValue(); // fail on parse now, not mid-query
            return value;
        }
    }
}
