using System.Security.Claims;
using IntegrationHub.Core.Access;

namespace IntegrationHub.Api.Access;

/// <summary>What the API keeps about an authenticated client on the request's user.</summary>
internal static class HubPrincipal
{
    public const string Scheme = "ApiKey";

    public const string KeyIdClaim = "hub:key_id";

    public static ClaimsPrincipal Create(StoredCredential credential)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, credential.Client.ClientId),
            new(ClaimTypes.Name, credential.Client.ClientId),
            new(KeyIdClaim, credential.Key.KeyId),
        };
        claims.AddRange(credential.Client.Roles.Select(r => new Claim(ClaimTypes.Role, HubRoles.Name(r))));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The authenticated client's id, or null for an anonymous request.</summary>
    public static string? ClientId(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(ClaimTypes.NameIdentifier) : null;
}
