using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Connectors.Contract;

namespace IntegrationHub.Connectors.Validation;

/// <summary>A record that does not satisfy its source's schema: the keyword, the field, and why (never the value).</summary>
public sealed record SchemaViolation(string Keyword, string Field, string Message);

/// <summary>
/// An agency payload schema (<c>schemas/agencies/*.schema.json</c>) compiled once into typed checks over a
/// source row's text fields: <c>required</c> (present and non-empty), and per property <c>maxLength</c>,
/// <c>minLength</c>, <c>pattern</c> and <c>enum</c>. Records are flat text by the time a connector hands them over,
/// so this subset of JSON Schema is all a row needs; a general validator would cost tens of microseconds a record
/// on the ingest path. Keywords outside the subset are refused when the schema is loaded, so a schema never
/// promises a check that does not run.
/// </summary>
public sealed class RecordSchema
{
    private static readonly HashSet<string> s_propertyKeywords = new(StringComparer.Ordinal) { "type", "maxLength", "minLength", "pattern", "enum", "description", "examples", "format" };
    private static readonly HashSet<string> s_rootKeywords = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "type", "required", "properties", "additionalProperties" };

    private readonly string[] _required;
    private readonly (string Field, Func<string, SchemaViolation?> Check)[] _checks;

    private RecordSchema(string name, string[] required, (string, Func<string, SchemaViolation?>)[] checks)
    {
        Name = name;
        _required = required;
        _checks = checks;
    }

    /// <summary>The schema's file name, for messages.</summary>
    public string Name { get; }

    /// <summary>Loads and compiles a schema file. Throws <see cref="FormatException"/> naming what it cannot honour.</summary>
    public static RecordSchema Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var name = Path.GetFileName(path);
        foreach (var property in root.EnumerateObject())
        {
            if (!s_rootKeywords.Contains(property.Name))
            {
                throw new FormatException($"{name}: keyword '{property.Name}' is not supported for record schemas.");
            }
        }

        var required = root.TryGetProperty("required", out var r) ? r.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        var checks = new List<(string, Func<string, SchemaViolation?>)>();
        if (root.TryGetProperty("properties", out var properties))
        {
            foreach (var field in properties.EnumerateObject())
            {
                foreach (var keyword in field.Value.EnumerateObject())
                {
                    if (!s_propertyKeywords.Contains(keyword.Name))
                    {
                        throw new FormatException($"{name}: keyword '{keyword.Name}' of '{field.Name}' is not supported for record schemas.");
                    }
                }

                var f = field.Name;
                if (field.Value.TryGetProperty("maxLength", out var max))
                {
                    var limit = max.GetInt32();
                    checks.Add((f, v => v.Length > limit ? new SchemaViolation("maxLength", f, string.Create(CultureInfo.InvariantCulture, $"{f} is longer than {limit} characters.")) : null));
                }

                if (field.Value.TryGetProperty("minLength", out var min))
                {
                    var limit = min.GetInt32();
                    checks.Add((f, v => v.Length < limit ? new SchemaViolation("minLength", f, string.Create(CultureInfo.InvariantCulture, $"{f} is shorter than {limit} characters.")) : null));
                }

                if (field.Value.TryGetProperty("pattern", out var pattern))
                {
                    var regex = new Regex(pattern.GetString()!, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
                    checks.Add((f, v =>
                    {
                        try
                        {
                            return regex.IsMatch(v) ? null : new SchemaViolation("pattern", f, $"{f} does not have the expected form.");
                        }
                        catch (RegexMatchTimeoutException)
                        {
                            return new SchemaViolation("pattern", f, $"{f} took too long to check.");
                        }
                    }));
                }

                if (field.Value.TryGetProperty("enum", out var values))
                {
                    var allowed = values.EnumerateArray().Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal);
                    checks.Add((f, v => allowed.Contains(v) ? null : new SchemaViolation("enum", f, $"{f} is not one of the allowed values.")));
                }
            }
        }

        return new RecordSchema(name, required, [.. checks]);
    }

    /// <summary>The first violation of a row, or null when it conforms. Empty optional fields are not checked.</summary>
    public SchemaViolation? Validate(SourceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        foreach (var field in _required)
        {
            if (!row.Fields.TryGetValue(field, out var value) || string.IsNullOrWhiteSpace(value))
            {
                return new SchemaViolation("required", field, $"{field} is required.");
            }
        }

        foreach (var (field, check) in _checks)
        {
            if (row.Fields.TryGetValue(field, out var value) && !string.IsNullOrEmpty(value) && check(value.Trim()) is { } violation)
            {
                return violation;
            }
        }

        return null;
    }
}
