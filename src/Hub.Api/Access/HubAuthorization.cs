using IntegrationHub.Core.Access;
using Microsoft.AspNetCore.Authorization;

namespace IntegrationHub.Api.Access;

/// <summary>The roles an endpoint needs, kept as metadata so that a 403 can name them.</summary>
internal sealed record HubRolesMetadata(IReadOnlyList<HubRole> Roles);

/// <summary>
/// Authorization by role, applied per route group in one line, e.g.
/// <c>app.MapGroup("").RequireHubRole(HubRole.Engineer, HubRole.Admin).MapConnectorsApi()</c>. An endpoint that says
/// nothing still needs a valid key (the fallback policy); only endpoints marked <c>AllowAnonymous</c> are open.
/// </summary>
public static class HubAuthorization
{
    /// <summary>Only clients holding one of <paramref name="roles"/> may call the endpoints.</summary>
    public static TBuilder RequireHubRole<TBuilder>(this TBuilder builder, params HubRole[] roles)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (roles.Length == 0)
        {
            throw new ArgumentException("Name at least one role.", nameof(roles));
        }

        var policy = new AuthorizationPolicyBuilder(HubPrincipal.Scheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles.Select(HubRoles.Name))
            .Build();
        return builder.RequireAuthorization(policy).WithMetadata(new HubRolesMetadata(roles));
    }
}
