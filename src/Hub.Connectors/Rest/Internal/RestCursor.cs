using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Connectors.Contract;

namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>
/// Where a REST read stands, stored as compact JSON in <see cref="SourceCursor"/>. A pass is one walk through the
/// pages of one query (<see cref="Since"/> fixed); within it the position is a page (number or link) plus how many
/// of its records were already returned, so a batch may end mid-page. When a pass ends, an incremental source starts
/// the next pass from the highest update seen; a non-incremental one stays at the end, so appended records follow.
/// Never holds a secret: links are kept as path and query, and credentials travel only in headers.
/// </summary>
internal sealed record RestCursor
{
    public static readonly RestCursor Initial = new();

    /// <summary>The updated-since value of the current pass's query; null asks for everything.</summary>
    [JsonPropertyName("s")]
    public string? Since { get; init; }

    /// <summary>The highest updated-field value seen in this pass so far.</summary>
    [JsonPropertyName("m")]
    public string? MaxSeen { get; init; }

    /// <summary>Page-number mode: the page being read.</summary>
    [JsonPropertyName("p")]
    public int? Page { get; init; }

    /// <summary>Next-link mode: the page being read, as path and query on the base address; null is the first page.</summary>
    [JsonPropertyName("u")]
    public string? Link { get; init; }

    /// <summary>Records of that page already returned.</summary>
    [JsonPropertyName("k")]
    public int Skip { get; init; }

    /// <summary>Records returned in this pass so far: the next record's offset.</summary>
    [JsonPropertyName("o")]
    public long Offset { get; init; }

    public SourceCursor ToCursor() => new(JsonSerializer.Serialize(this, CursorJsonContext.Default.RestCursor));

    public static RestCursor Parse(SourceCursor cursor)
    {
        if (cursor.IsStart)
        {
            return Initial;
        }

        try
        {
            var parsed = JsonSerializer.Deserialize(cursor.Value!, CursorJsonContext.Default.RestCursor);
            if (parsed is null || parsed.Skip < 0 || parsed.Offset < 0)
            {
                throw new ConnectorException("The stored cursor is not a REST-source cursor.", isTransient: false);
            }

            return parsed;
        }
        catch (JsonException ex)
        {
            throw new ConnectorException("The stored cursor is not a REST-source cursor.", isTransient: false, ex);
        }
    }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RestCursor))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
