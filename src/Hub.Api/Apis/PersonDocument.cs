using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Core.MasterIndex;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Renders a golden record as the document of <c>schemas/canonical/person.schema.json</c>: canonical fields
/// nested by their dotted paths, plus the person's id and version, and the provenance of every value.
/// </summary>
internal static class PersonDocument
{
    public static JsonObject From(GoldenRecord person)
    {
        var document = new JsonObject
        {
            ["personId"] = person.PersonId.ToString(),
            ["version"] = person.Version,
            ["createdAt"] = person.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["updatedAt"] = person.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
        };
        var provenance = new JsonObject();
        foreach (var (path, value) in person.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            Place(document, path, value.Value);
            var p = value.Provenance;
            provenance[path] = new JsonObject
            {
                ["source"] = p.Source,
                ["sourceKey"] = p.SourceKey.Length == 0 ? null : p.SourceKey,
                ["sourceRecordId"] = p.SourceRecordId,
                ["runId"] = p.RunId.ToString(),
                ["location"] = p.Location,
                ["line"] = p.Line,
                ["receivedAt"] = p.ReceivedAt.ToString("O", CultureInfo.InvariantCulture),
                ["rule"] = p.Rule,
                ["decisionId"] = p.DecisionId,
            };
        }

        document["provenance"] = provenance;
        return document;
    }

    private static void Place(JsonObject root, string path, string value)
    {
        var parts = path.Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            if (node[parts[i]] is not JsonObject child)
            {
                child = new JsonObject();
                node[parts[i]] = child;
            }

            node = child;
        }

        node[parts[^1]] = value;
    }
}
