using System.Security.Claims;
using System.Text.Json.Nodes;
using IntegrationHub.Api.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// <c>GET /api/v1/me</c>: who the key in the request belongs to and which roles it holds, so that a client (the
/// operations console among them) can show only what it may use. Any valid key may ask; nothing else is revealed.
/// </summary>
internal static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/v1/me").MapGet("/", Get).WithName("GetMe");
        return routes;
    }

    public static Ok<JsonObject> Get(ClaimsPrincipal user)
    {
        var roles = new JsonArray();
        foreach (var role in user.FindAll(ClaimTypes.Role).Select(c => c.Value).Order(StringComparer.Ordinal))
        {
            roles.Add(role);
        }

        return TypedResults.Ok(new JsonObject
        {
            ["clientId"] = HubPrincipal.ClientId(user),
            ["roles"] = roles,
        });
    }
}
