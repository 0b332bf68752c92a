using System.Globalization;
using System.Text.Json.Nodes;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// A sample BPJS Kesehatan "peserta" API over the bundled sample file, so that the embedded default (and anyone
/// trying the REST source) has a real paged, incremental endpoint to read: <c>GET /samples/bpjs/peserta?page=&amp;size=&amp;updatedSince=</c>,
/// ordered by lastUpdate then noKartu, answering in the VClaim envelope. Mapped only when <c>Hub:Samples:ServeAgencies</c> is true.
/// It stands in for an external agency, so it does not take hub API keys: like a real agency it wants its own
/// credential, the <c>X-Agency-Token</c> header (<c>Hub:Samples:AgencyToken</c>, or a random token made at start). The
/// hub's sample BPJS source reads that token from the environment variable <see cref="TokenVariable"/>, the way a real
/// REST source reads its secret.
/// </summary>
internal static class SampleAgenciesApi
{
    public const string BpjsPath = "/samples/bpjs/peserta";

    public const string TokenHeader = "X-Agency-Token";

    public const string TokenVariable = "HUB_SAMPLE_AGENCY_TOKEN";

    // One per process, so that every host in it (tests start several) agrees with the environment variable.
    private static readonly Lazy<string> s_generatedToken = new(() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));

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
            var token = configuration["Hub:Samples:AgencyToken"] is { Length: > 0 } configured ? configured : s_generatedToken.Value;
            Environment.SetEnvironmentVariable(TokenVariable, token);
            var expected = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token));
            routes.MapGet(BpjsPath, GetBpjs).WithName("SampleBpjsPeserta").ExcludeFromDescription()
                .AllowAnonymous()
                .AddEndpointFilter(async (context, next) =>
                {
                    var given = context.HttpContext.Request.Headers[TokenHeader] is [{ } value] ? value : "";
                    var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(given));
                    if (!System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(hash, expected))
                    {
                        return TypedResults.Problem(
                            title: "Agency token required",
                            detail: $"The sample agency API wants its own token in the {TokenHeader} header.",
                            statusCode: StatusCodes.Status401Unauthorized,
                            type: "urn:integrationhub:problem:agency-token-required");
                    }

                    return await next(context);
                });
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
