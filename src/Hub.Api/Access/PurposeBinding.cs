using IntegrationHub.Core.Access;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Access;

/// <summary>
/// The purpose of a personal-data request (UU PDP): the <c>X-Purpose</c> header or the <c>purpose</c> query
/// parameter, and the client's policy for it. No purpose is a 400; no policy for this client and purpose is a 403
/// that names both and carries no data.
/// </summary>
internal static class PurposeBinding
{
    public const string HeaderName = "X-Purpose";

    public const string QueryName = "purpose";

    /// <summary>The client's policy for the request's purpose, or the problem to answer instead.</summary>
    public static async Task<(AccessPolicy? Policy, ProblemHttpResult? Denied)> ResolveAsync(HttpContext context, IAccessPolicyReader policies, CancellationToken cancellationToken)
    {
        var client = HubPrincipal.ClientId(context.User);
        if (client is null)
        {
            return (null, TypedResults.Problem(title: "API key required", statusCode: StatusCodes.Status401Unauthorized, type: "urn:integrationhub:problem:unauthenticated"));
        }

        var purpose = context.Request.Headers[HeaderName] is [{ Length: > 0 } header] ? header.Trim()
            : context.Request.Query[QueryName] is [{ Length: > 0 } query] ? query.Trim()
            : null;
        if (purpose is null)
        {
            return (null, TypedResults.Problem(
                title: "Purpose required",
                detail: $"Every personal-data request names its purpose (legal basis): send the {HeaderName} header or the {QueryName} query parameter.",
                statusCode: StatusCodes.Status400BadRequest,
                type: "urn:integrationhub:problem:purpose-required"));
        }

        if (!HubClient.IsValidPurpose(purpose))
        {
            return (null, TypedResults.Problem(
                title: "Malformed purpose",
                detail: "A purpose is 2 to 64 of a-z, 0-9, '-', '.' and ':', starting with a letter.",
                statusCode: StatusCodes.Status400BadRequest,
                type: "urn:integrationhub:problem:purpose-malformed"));
        }

        var policy = await policies.FindAsync(client, purpose, cancellationToken);
        if (policy is null)
        {
            return (null, TypedResults.Problem(
                title: "No policy for this purpose",
                detail: $"Client '{client}' has no access policy for purpose '{purpose}'.",
                statusCode: StatusCodes.Status403Forbidden,
                type: "urn:integrationhub:problem:policy-denied",
                extensions: new Dictionary<string, object?> { ["clientId"] = client, ["purpose"] = purpose }));
        }

        return (policy, null);
    }
}
