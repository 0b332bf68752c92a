using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// A sample BPJS Kesehatan "peserta" API over the bundled sample file, so that the embedded default (and anyone
/// trying the REST source) has a real paged, incremental endpoint to read: <c>GET /samples/bpjs/peserta?page=&amp;size=&amp;updatedSince=</c>,
/// ordered by lastUpdate then noKartu, answering in the VClaim envelope. Mapped only when <c>Hub:Samples:ServeAgencies</c> is true.
/// </summary>
internal static class SampleAgenciesApi
{
    public const string BpjsPath = "/samples/bpjs/peserta";

    private static readonly Lazy<JsonObject[]> s_bpjs = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "samples", "bpjs", "peserta.json");
        var records = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsArray().Select(n => n!.AsObject()).ToArray() : [];
        return [.. records.OrderBy(r => (string?)r["lastUpdate"], StringComparer.Ordinal).ThenBy(r => (string?)r["noKartu"], StringComparer.Ordinal)];
    });

    public static IEndpointRouteBuilder MapSampleAgenciesApi(this IEndpointRouteBuilder routes, IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Hub:Samples:ServeAgencies"))
        {
            routes.MapGet(BpjsPath, GetBpjs).WithName("SampleBpjsPeserta").ExcludeFromDescription();
        }

        return routes;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<JsonObject> GetBpjs(int? page, int? size, string? updatedSince)
    {
        var p = Math.Max(1, page ?? 1);
        var s = Math.Clamp(size ?? 100, 1, 1000);
        var matching = s_bpjs.Value.Where(r => string.IsNullOrEmpty(updatedSince) || string.CompareOrdinal((string?)r["lastUpdate"], updatedSince) > 0).ToList();
        var list = new JsonArray(matching.Skip((p - 1) * s).Take(s).Select(r => (JsonNode)r.DeepClone()).ToArray());
        return TypedResults.Json(new JsonObject
        {
            ["metaData"] = new JsonObject { ["code"] = "200", ["message"] = "OK" },
            ["response"] = new JsonObject { ["list"] = list, ["count"] = matching.Count.ToString(CultureInfo.InvariantCulture) },
        });
    }
}
