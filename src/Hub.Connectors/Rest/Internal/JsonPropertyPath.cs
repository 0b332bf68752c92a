using System.Globalization;
using System.Text.Json;

namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>A path into a JSON document: dotted property names (<c>response.list</c>) or a JSON pointer (<c>/response/list</c>).</summary>
internal sealed class JsonPropertyPath
{
    private readonly string[] _segments;

    private JsonPropertyPath(string text, string[] segments)
    {
        Text = text;
        _segments = segments;
    }

    public string Text { get; }

    public static JsonPropertyPath Parse(string text)
    {
        var segments = text.StartsWith('/')
            ? text[1..].Split('/').Select(s => s.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray()
            : text.Split('.');
        return new JsonPropertyPath(text, segments);
    }

    /// <summary>
    /// Follows the path. Found: the element. <paramref name="sawNull"/> says the way was cut by an explicit JSON null
    /// (APIs like VClaim answer "no data" with <c>"response": null</c>), as opposed to a missing property.
    /// </summary>
    public bool TryResolve(JsonElement root, out JsonElement found, out bool sawNull)
    {
        found = root;
        sawNull = false;
        foreach (var segment in _segments)
        {
            if (found.ValueKind == JsonValueKind.Null)
            {
                sawNull = true;
                return false;
            }

            if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(segment, out var child))
            {
                found = child;
            }
            else if (found.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < found.GetArrayLength())
            {
                found = found[index];
            }
            else
            {
                return false;
            }
        }

        sawNull = found.ValueKind == JsonValueKind.Null;
        return !sawNull;
    }
}
