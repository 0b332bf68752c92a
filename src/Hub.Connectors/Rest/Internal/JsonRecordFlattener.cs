using System.Text.Json;

namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>
/// Turns a JSON object into flat fields by dotted path (<c>jenisPeserta.kode</c>), the names mappings use. Values
/// stay as the source wrote them: strings unquoted, numbers as their JSON text (no float rounding), booleans as
/// <c>true</c>/<c>false</c>, null as null; an array is kept whole as its JSON text, since mappings cannot index.
/// </summary>
internal static class JsonRecordFlattener
{
    public static Dictionary<string, string?> Flatten(JsonElement record)
    {
        var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(fields, null, record);
        return fields;
    }

    private static void Add(Dictionary<string, string?> fields, string? prefix, JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var any = false;
            foreach (var property in element.EnumerateObject())
            {
                any = true;
                Add(fields, prefix is null ? property.Name : prefix + "." + property.Name, property.Value);
            }

            // An empty nested object still says the field is there.
            if (!any && prefix is not null)
            {
                fields[prefix] = null;
            }

            return;
        }

        fields[prefix ?? ""] = Value(element);
    }

    public static string? Value(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => element.GetRawText(),
    };
}
