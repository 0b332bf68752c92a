using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Api.Startup;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Open aggregate statistics (Satu Data style): <c>GET /api/v1/stats</c> counts persons, deceased, BPJS members and
/// NPWP holders per province and regency, with small cells suppressed (null, and named under <c>suppressed</c>).
/// Public, or behind <c>X-Api-Key</c>, by <c>Hub:Stats:Access</c>.
/// </summary>
internal static class StatsApi
{
    public const string Path = "/api/v1/stats";

    public const string KeyHeader = "X-Api-Key";

    public static IEndpointRouteBuilder MapStatsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, GetStatsAsync).WithName("GetStatistics");
        return routes;
    }

    public sealed record StatsDocument(int MinimumCellSize, DateTimeOffset GeneratedAt, IReadOnlyList<string> Measures, IReadOnlyList<ProvinceRow> Provinces);

    public sealed record ProvinceRow(
        string? Code, string? Name, long? Persons, long? Deceased, long? BpjsMembers, long? NpwpHolders, IReadOnlyList<string> Suppressed, IReadOnlyList<RegencyRow> Regencies);

    public sealed record RegencyRow(string? Code, string? Name, long? Persons, long? Deceased, long? BpjsMembers, long? NpwpHolders, IReadOnlyList<string> Suppressed);

    private static async Task<IResult> GetStatsAsync(HttpContext context, StatsCache cache, IOptions<StatsOptions> options, CancellationToken cancellationToken)
    {
        if (options.Value.Access == StatsOptions.KeyAccess && !KeyMatches(context.Request.Headers[KeyHeader], options.Value.ApiKey))
        {
            return TypedResults.Problem(
                title: "API key required",
                detail: $"Send the statistics key in the {KeyHeader} header.",
                statusCode: StatusCodes.Status401Unauthorized,
                type: "urn:integrationhub:problem:api-key-required");
        }

        return TypedResults.Json(await cache.GetAsync(cancellationToken));
    }

    // Compared as SHA-256 digests in constant time: neither the key's content nor its length leaks through timing.
    private static bool KeyMatches(Microsoft.Extensions.Primitives.StringValues given, string? expected)
    {
        if (given is not [{ } value] || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(value)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
