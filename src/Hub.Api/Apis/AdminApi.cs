using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using IntegrationHub.Api.Access;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Access;
using IntegrationHub.Worker.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// The operator's API for clients, keys and policies (the command line's <c>hub clients</c> and <c>hub policies</c>
/// over HTTP): <c>/api/v1/admin/clients</c> and <c>/api/v1/admin/policies</c>. A key appears once, in the answer that
/// creates it. Every change is audited with the calling client as the actor.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/api/v1/admin/clients");
        clients.MapGet("/", ListClientsAsync).WithName("ListClients");
        clients.MapPost("/", CreateClientAsync).WithName("CreateClient");
        clients.MapGet("/{clientId}", GetClientAsync).WithName("GetClient");
        clients.MapPost("/{clientId}/rotate", RotateAsync).WithName("RotateClientKey");
        clients.MapPost("/{clientId}/revoke", RevokeAsync).WithName("RevokeClient");

        var policies = routes.MapGroup("/api/v1/admin/policies");
        policies.MapGet("/", ListPoliciesAsync).WithName("ListPolicies");
        policies.MapPut("/{clientId}/{purpose}", SetPolicyAsync).WithName("SetPolicy");
        policies.MapDelete("/{clientId}/{purpose}", RemovePolicyAsync).WithName("RemovePolicy");
        return routes;
    }

    /// <summary>A new client: its id, a description, its roles and, optionally, when its key expires.</summary>
    public sealed record CreateClientBody(string? ClientId, string? Name, string[]? Roles, DateTimeOffset? ExpiresAt);

    /// <summary>A rotation: how long the old keys keep working (seconds; 0 or none revokes them now), and the new key's expiry.</summary>
    public sealed record RotateBody(int? OverlapSeconds, DateTimeOffset? ExpiresAt);

    /// <summary>A policy's fields and event types.</summary>
    public sealed record PolicyBody(string[]? Fields, string[]? EventTypes);

    private static async Task<Ok<JsonArray>> ListClientsAsync(HubDatabase database, CancellationToken cancellationToken)
    {
        var array = new JsonArray();
        foreach (var client in await database.Access.ListClientsAsync(cancellationToken))
        {
            array.Add(ClientJson(client));
        }

        return TypedResults.Ok(array);
    }

    private static async Task<Results<Created<JsonObject>, ProblemHttpResult>> CreateClientAsync(
        CreateClientBody body, ClaimsPrincipal user, HttpContext context, AccessAdministration admin, CancellationToken cancellationToken)
    {
        if (body.Roles is not { Length: > 0 and <= 4 } names)
        {
            return Invalid("roles is required: one or more of subscriber, engineer, auditor, admin.");
        }

        var roles = new List<HubRole>();
        foreach (var name in names)
        {
            if (!HubRoles.TryParse(name, out var role))
            {
                return Invalid("roles may be only subscriber, engineer, auditor and admin.");
            }

            roles.Add(role);
        }

        if (body.Name is { Length: > 200 })
        {
            return Invalid("name may be at most 200 characters.");
        }

        try
        {
            var clientId = body.ClientId ?? "";
            var (client, key) = await admin.CreateClientAsync(HubPrincipal.ClientId(user)!, clientId, body.Name ?? clientId, roles, body.ExpiresAt, context.TraceIdentifier, cancellationToken);
            var json = ClientJson(client);
            json["keyId"] = key.KeyId;
            json["key"] = key.Key;
            return TypedResults.Created($"/api/v1/admin/clients/{client.ClientId}", json);
        }
        catch (AccessStoreException ex)
        {
            return Invalid(ex.Message);
        }
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetClientAsync(string clientId, HubDatabase database, CancellationToken cancellationToken)
    {
        if (await database.Access.GetClientAsync(clientId, cancellationToken) is not { } found)
        {
            return NotFound(clientId);
        }

        var json = ClientJson(found.Client);
        json["keys"] = new JsonArray(found.Keys.Select(k => (JsonNode)new JsonObject
        {
            ["keyId"] = k.KeyId,
            ["createdAt"] = Time(k.CreatedAt),
            ["expiresAt"] = Time(k.ExpiresAt),
            ["revokedAt"] = Time(k.RevokedAt),
        }).ToArray());
        json["policies"] = new JsonArray((await database.Access.ListPoliciesAsync(clientId, cancellationToken)).Select(p => (JsonNode)PolicyJson(p)).ToArray());
        return TypedResults.Ok(json);
    }

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> RotateAsync(
        string clientId, RotateBody? body, ClaimsPrincipal user, HttpContext context, AccessAdministration admin, CancellationToken cancellationToken)
    {
        if (body?.OverlapSeconds is < 0 or > 90 * 24 * 3600)
        {
            return Invalid("overlapSeconds must be between 0 and 7776000 (90 days).");
        }

        var overlap = body?.OverlapSeconds is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
        if (await admin.RotateAsync(HubPrincipal.ClientId(user)!, clientId, overlap, body?.ExpiresAt, context.TraceIdentifier, cancellationToken) is not { } key)
        {
            return NotFound(clientId);
        }

        return TypedResults.Ok(new JsonObject { ["clientId"] = clientId, ["keyId"] = key.KeyId, ["key"] = key.Key });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(
        string clientId, ClaimsPrincipal user, HttpContext context, AccessAdministration admin, CancellationToken cancellationToken) =>
        await admin.RevokeAsync(HubPrincipal.ClientId(user)!, clientId, context.TraceIdentifier, cancellationToken) ? TypedResults.NoContent() : NotFound(clientId);

    private static async Task<Ok<JsonArray>> ListPoliciesAsync(string? clientId, HubDatabase database, CancellationToken cancellationToken) =>
        TypedResults.Ok(new JsonArray((await database.Access.ListPoliciesAsync(clientId, cancellationToken)).Select(p => (JsonNode)PolicyJson(p)).ToArray()));

    private static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> SetPolicyAsync(
        string clientId, string purpose, PolicyBody body, ClaimsPrincipal user, HttpContext context, AccessAdministration admin, CancellationToken cancellationToken)
    {
        if (body.Fields is null || body.Fields.Length > 100 || body.EventTypes is { Length: > 100 })
        {
            return Invalid("fields is required (at most 100 canonical fields); eventTypes is optional (at most 100).");
        }

        try
        {
            var policy = await admin.SetPolicyAsync(HubPrincipal.ClientId(user)!, clientId, purpose, body.Fields, body.EventTypes ?? [], context.TraceIdentifier, cancellationToken);
            return TypedResults.Ok(PolicyJson(policy));
        }
        catch (AccessStoreException ex)
        {
            return Invalid(ex.Message);
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemovePolicyAsync(
        string clientId, string purpose, ClaimsPrincipal user, HttpContext context, AccessAdministration admin, CancellationToken cancellationToken) =>
        await admin.RemovePolicyAsync(HubPrincipal.ClientId(user)!, clientId, purpose, context.TraceIdentifier, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.Problem(title: "Not found", detail: "No such policy.", statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:not-found");

    private static JsonObject ClientJson(HubClient client) => new()
    {
        ["clientId"] = client.ClientId,
        ["name"] = client.Name,
        ["roles"] = new JsonArray(client.Roles.Order().Select(r => (JsonNode)HubRoles.Name(r)).ToArray()),
        ["createdAt"] = Time(client.CreatedAt),
        ["revokedAt"] = Time(client.RevokedAt),
    };

    private static JsonObject PolicyJson(AccessPolicy policy) => new()
    {
        ["policyId"] = policy.PolicyId,
        ["clientId"] = policy.ClientId,
        ["purpose"] = policy.Purpose,
        ["fields"] = new JsonArray(policy.Fields.Order(StringComparer.Ordinal).Select(f => (JsonNode)f).ToArray()),
        ["eventTypes"] = new JsonArray(policy.EventTypes.Order(StringComparer.Ordinal).Select(f => (JsonNode)f).ToArray()),
    };

    private static string? Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static ProblemHttpResult NotFound(string clientId) =>
        TypedResults.Problem(title: "Not found", detail: "No active client with that id.", statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:not-found");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
