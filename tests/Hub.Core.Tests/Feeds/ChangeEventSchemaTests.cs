using System.Text.Json;
using IntegrationHub.Core.Feeds;

namespace IntegrationHub.Core.Tests.Feeds;

/// <summary>The change-event schema and the code that writes events describe the same thing.</summary>
public sealed class ChangeEventSchemaTests
{
    private static JsonElement LoadSchema() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "schemas", "canonical", "change-event.schema.json"))).RootElement;

    [Fact]
    public void Schema_ListsEveryEventTypeTheHubEmits()
    {
        var types = LoadSchema().GetProperty("properties").GetProperty("type").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!);

        Assert.Equal(ChangeEventTypes.All.Order(StringComparer.Ordinal), types.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void WrittenEvent_HasTheRequiredPropertiesAndNoOthers()
    {
        var schema = LoadSchema();
        var allowed = schema.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToHashSet();
        var projected = new ProjectedEvent(7, Guid.NewGuid(), ChangeEventTypes.Merged, Guid.NewGuid(), Guid.NewGuid(), [], new Dictionary<string, string> { ["name.full"] = "BUDI" }, DateTimeOffset.UnixEpoch);

        using var written = JsonDocument.Parse(FeedProjection.ToJson(projected));

        var names = written.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.All(schema.GetProperty("required").EnumerateArray(), r => Assert.Contains(r.GetString(), names));
        Assert.All(names, n => Assert.Contains(n, allowed));
    }
}
