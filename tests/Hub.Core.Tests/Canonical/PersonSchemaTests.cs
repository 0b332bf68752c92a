using System.Text.Json;
using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Core.Tests.Canonical;

/// <summary>The JSON schema and the field list in code describe the same person.</summary>
public sealed class PersonSchemaTests
{
    private static readonly string[] s_documentOnly = ["personId", "version", "createdAt", "updatedAt", "provenance"];

    private static JsonElement LoadSchema()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "schemas", "canonical", "person.schema.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static IEnumerable<string> LeafPaths(JsonElement properties, string prefix)
    {
        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix + property.Name;
            if (property.Value.TryGetProperty("properties", out var nested))
            {
                foreach (var leaf in LeafPaths(nested, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    [Fact]
    public void Schema_HasEveryCanonicalField()
    {
        var leaves = LeafPaths(LoadSchema().GetProperty("properties"), "").ToHashSet(StringComparer.Ordinal);

        Assert.All(CanonicalFields.All, f => Assert.Contains(f.Path, leaves));
    }

    [Fact]
    public void Schema_HasNoFieldTheCodeLacks()
    {
        var leaves = LeafPaths(LoadSchema().GetProperty("properties"), "").Where(p => !s_documentOnly.Contains(p));

        Assert.All(leaves, path => Assert.NotNull(CanonicalFields.Find(path)));
    }

    [Fact]
    public void CanonicalFields_HaveUniquePaths()
    {
        Assert.Equal(CanonicalFields.All.Count, CanonicalFields.All.Select(f => f.Path).Distinct(StringComparer.Ordinal).Count());
    }
}
