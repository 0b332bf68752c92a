using System.Text.Encodings.Web;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Access;

/// <summary>
/// Authenticates a request by its API key: <c>X-Api-Key: &lt;key&gt;</c>, or <c>Authorization: Bearer &lt;key&gt;</c>
/// (for scrapers such as Prometheus). The key's public id finds the stored digest; the secret is compared in constant
/// time. A refusal is a 401 ProblemDetails saying whether the key was missing, not valid, expired or revoked; only a
/// key whose secret matched can be reported expired or revoked, so nothing is learnt about keys one does not hold.
/// A wrong role is a 403 naming the roles the endpoint needs.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    HubDatabase database,
    TimeProvider time,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";

    private const string FailureKey = "hub:auth-failure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = PresentedKey(Request);
        if (key is null)
        {
            Context.Items[FailureKey] = Failure.Missing;
            return AuthenticateResult.NoResult();
        }

        if (!ApiKeys.TryParse(key, out var keyId, out var secret))
        {
            return Fail(Failure.Invalid);
        }

        var credential = await database.Access.FindCredentialAsync(keyId, Context.RequestAborted);
        if (credential is null || !ApiKeys.Matches(secret, credential.SecretHash))
        {
            return Fail(Failure.Invalid);
        }

        if (credential.Key.RevokedAt is not null || credential.Client.RevokedAt is not null)
        {
            return Fail(Failure.Revoked);
        }

        if (credential.Key.ExpiresAt is { } expires && expires <= time.GetUtcNow())
        {
            return Fail(Failure.Expired);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(HubPrincipal.Create(credential), HubPrincipal.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items[FailureKey] as Failure? ?? Failure.Missing;
        var (title, detail) = failure switch
        {
            Failure.Invalid => ("API key not valid", "The API key is not one this hub issued."),
            Failure.Expired => ("API key expired", "The API key has expired; ask an administrator to rotate it."),
            Failure.Revoked => ("API key revoked", "The API key, or its client, has been revoked."),
            _ => ("API key required", $"Send an API key in the {HeaderName} header (or as Authorization: Bearer)."),
        };
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer, ApiKey header=\"" + HeaderName + "\"";
        await WriteAsync(new ProblemDetails
        {
            Status = StatusCodes.Status401Unauthorized,
            Title = title,
            Detail = detail,
            Type = "urn:integrationhub:problem:unauthenticated",
            Extensions = { ["reason"] = "key." + failure.ToString().ToLowerInvariant() },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var required = Context.GetEndpoint()?.Metadata.GetMetadata<HubRolesMetadata>()?.Roles ?? [];
        var names = required.Select(HubRoles.Name).ToList();
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await WriteAsync(new ProblemDetails
        {
            Status = StatusCodes.Status403Forbidden,
            Title = "Role required",
            Detail = names.Count == 0 ? "This client may not use this endpoint." : $"This endpoint needs one of the roles: {string.Join(", ", names)}.",
            Type = "urn:integrationhub:problem:forbidden",
            Extensions = { ["requiredRoles"] = names },
        });
    }

    internal static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers[HeaderName] is [{ Length: > 0 } header])
        {
            return header.Trim();
        }

        if (request.Headers.Authorization is [{ } authorization] && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        return null;
    }

    private AuthenticateResult Fail(Failure failure)
    {
        Context.Items[FailureKey] = failure;
        return AuthenticateResult.Fail("API key " + failure.ToString().ToLowerInvariant());
    }

    private ValueTask WriteAsync(ProblemDetails problem) =>
        problems.WriteAsync(new ProblemDetailsContext { HttpContext = Context, ProblemDetails = problem });

    private enum Failure
    {
        Missing,
        Invalid,
        Expired,
        Revoked,
    }
}
