using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Api.Access;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Names;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Person lookups for subscribers, auditors and operators: by NIK, search by name and birth date, and Dukcapil-style
/// verification. Each names its purpose; the answer carries only the fields of the client's policy for it; each
/// access is in the audit log before the answer is sent.
/// </summary>
internal static class PersonsApi
{
    private const int MaxVerifiedFields = 40;

    private static readonly HashSet<string> s_nameFields = new(StringComparer.Ordinal) { CanonicalFields.FullName.Path, CanonicalFields.NormalisedName.Path, CanonicalFields.MotherName.Path };

    public static IEndpointRouteBuilder MapPersonsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/persons").RequireHubRole(HubRole.Subscriber, HubRole.Auditor, HubRole.Admin);
        group.MapGet("/search", SearchAsync).WithName("SearchPersons");
        group.MapPost("/verify", VerifyAsync).WithName("VerifyPerson");
        group.MapGet("/{nik}", GetPersonAsync).WithName("GetPersonByNik");
        return routes;
    }

    /// <summary>A verification request: the NIK and the values to check, by canonical field name.</summary>
    public sealed record VerifyBody(string? Nik, Dictionary<string, string?>? Fields);

    /// <summary>The golden record of the person with this NIK, projected by policy: 400 for a malformed NIK, 404 when unknown.</summary>
    public static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> GetPersonAsync(
        string nik, HttpContext context, HubDatabase database, IAccessPolicyReader policies, IAuditLog audit, CancellationToken cancellationToken)
    {
        var (policy, denied) = await PurposeBinding.ResolveAsync(context, policies, cancellationToken);
        if (policy is null)
        {
            return denied!;
        }

        var parsed = Nik.Parse(nik);
        if (!parsed.Success)
        {
            // The detail explains the refusal without echoing the input.
            return TypedResults.Problem(
                title: "Malformed NIK",
                detail: parsed.Message,
                statusCode: StatusCodes.Status400BadRequest,
                type: "urn:integrationhub:problem:nik-malformed",
                extensions: new Dictionary<string, object?> { ["reason"] = "nik." + parsed.Error });
        }

        var person = await database.MasterIndex.FindPersonByNikAsync(parsed.Value, cancellationToken);
        if (person is null)
        {
            await audit.AppendAsync(Access("person.lookup", context, policy, parsed.Value.Value, null, [], """{"outcome":"not-found"}"""), cancellationToken);
            return TypedResults.Problem(
                title: "Person not found",
                detail: $"No person with NIK {parsed.Value.Masked} is in the master index.",
                statusCode: StatusCodes.Status404NotFound,
                type: "urn:integrationhub:problem:person-not-found");
        }

        var projected = FieldProjection.Project(person, policy);
        await audit.AppendAsync(Access("person.lookup", context, policy, person.Nik, person.PersonId, Returned(projected), null), cancellationToken);
        return TypedResults.Json(PersonDocument.From(projected));
    }

    /// <summary>Candidates for a name and birth date, best first, each with the matcher's score, projected by policy.</summary>
    public static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> SearchAsync(
        string? name, string? birthDate, int? limit, HttpContext context, HubDatabase database, IAccessPolicyReader policies, IAuditLog audit, CancellationToken cancellationToken)
    {
        var (policy, denied) = await PurposeBinding.ResolveAsync(context, policies, cancellationToken);
        if (policy is null)
        {
            return denied!;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200 || !name.All(IsNameCharacter) || IndonesianNameNormaliser.Normalise(name).Normalised.Length == 0)
        {
            return Invalid("name is required: at most 200 characters of letters, spaces and . , ' -");
        }

        if (birthDate is null || !DateOnly.TryParseExact(birthDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return Invalid("birthDate is required, as yyyy-MM-dd.");
        }

        if (limit is < 1 or > 50)
        {
            return Invalid("limit must be between 1 and 50.");
        }

        var hits = await database.Search.SearchAsync(name, birthDate, limit ?? 10, cancellationToken);
        var candidates = new JsonArray();
        foreach (var hit in hits)
        {
            var projected = FieldProjection.Project(hit.Person, policy);
            await audit.AppendAsync(Access("person.search", context, policy, hit.Person.Nik, hit.Person.PersonId, Returned(projected), null), cancellationToken);
            candidates.Add(new JsonObject
            {
                ["score"] = new JsonObject
                {
                    ["weight"] = Math.Round(hit.Score.Weight, 3),
                    ["probability"] = Math.Round(hit.Score.Probability, 6),
                    ["outcome"] = hit.Score.Outcome == Core.Matching.MatchOutcome.Link ? "match" : "possible-match",
                },
                ["person"] = PersonDocument.From(projected),
            });
        }

        if (hits.Count == 0)
        {
            await audit.AppendAsync(Access("person.search", context, policy, null, null, [], """{"outcome":"no-candidates"}"""), cancellationToken);
        }

        return TypedResults.Json(new JsonObject { ["purpose"] = policy.Purpose, ["candidates"] = candidates });
    }

    /// <summary>
    /// Whether each submitted value equals the person's (names after normalisation): true or false per field, never
    /// the stored value. Only fields of the client's policy may be checked.
    /// </summary>
    public static async Task<Results<JsonHttpResult<JsonObject>, ProblemHttpResult>> VerifyAsync(
        VerifyBody body, HttpContext context, HubDatabase database, IAccessPolicyReader policies, IAuditLog audit, CancellationToken cancellationToken)
    {
        var (policy, denied) = await PurposeBinding.ResolveAsync(context, policies, cancellationToken);
        if (policy is null)
        {
            return denied!;
        }

        var parsed = Nik.Parse(body.Nik);
        if (!parsed.Success)
        {
            return TypedResults.Problem(title: "Malformed NIK", detail: parsed.Message, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:nik-malformed",
                extensions: new Dictionary<string, object?> { ["reason"] = "nik." + parsed.Error });
        }

        if (body.Fields is not { Count: > 0 and <= MaxVerifiedFields } fields)
        {
            return Invalid($"fields is required: 1 to {MaxVerifiedFields} canonical fields with the values to check.");
        }

        var unknown = fields.Keys.Where(f => !FieldProjection.KnownFields.Contains(f)).ToList();
        if (unknown.Count > 0)
        {
            return Invalid($"{unknown.Count} field name(s) are not canonical fields.");
        }

        var outside = fields.Keys.Where(f => !policy.AllowsField(f)).Order(StringComparer.Ordinal).ToList();
        if (outside.Count > 0)
        {
            return TypedResults.Problem(
                title: "Field outside the policy",
                detail: $"Client '{policy.ClientId}' may not verify {string.Join(", ", outside)} for purpose '{policy.Purpose}'.",
                statusCode: StatusCodes.Status403Forbidden,
                type: "urn:integrationhub:problem:policy-denied",
                extensions: new Dictionary<string, object?> { ["clientId"] = policy.ClientId, ["purpose"] = policy.Purpose, ["fields"] = outside });
        }

        var person = await database.MasterIndex.FindPersonByNikAsync(parsed.Value, cancellationToken);
        var submitted = fields.Keys.Order(StringComparer.Ordinal).ToList();
        await audit.AppendAsync(Access("person.verify", context, policy, parsed.Value.Value, person?.PersonId, submitted, person is null ? """{"outcome":"not-found"}""" : null), cancellationToken);
        if (person is null)
        {
            return TypedResults.Problem(
                title: "Person not found",
                detail: $"No person with NIK {parsed.Value.Masked} is in the master index.",
                statusCode: StatusCodes.Status404NotFound,
                type: "urn:integrationhub:problem:person-not-found");
        }

        var results = new JsonObject();
        foreach (var field in submitted)
        {
            results[field] = Same(field, fields[field], person.Fields.TryGetValue(field, out var stored) ? stored.Value : null);
        }

        return TypedResults.Json(new JsonObject { ["nik"] = parsed.Value.Masked, ["purpose"] = policy.Purpose, ["fields"] = results });
    }

    internal static bool Same(string field, string? given, string? stored)
    {
        if (given is null || stored is null)
        {
            return false;
        }

        if (s_nameFields.Contains(field))
        {
            var a = IndonesianNameNormaliser.Normalise(given).Normalised;
            return a.Length > 0 && string.Equals(a, IndonesianNameNormaliser.Normalise(stored).Normalised, StringComparison.Ordinal);
        }

        return string.Equals(given.Trim(), stored.Trim(), StringComparison.OrdinalIgnoreCase);
    }

    // Names are letters (any script, with their marks), spaces and the punctuation names carry; nothing else.
    private static bool IsNameCharacter(char c) =>
        char.IsLetter(c) || c == ' ' || c is '.' or ',' or '\'' or '-' || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark;

    private static List<string> Returned(GoldenRecord projected) => [.. projected.Fields.Keys.Order(StringComparer.Ordinal)];

    private static AuditEvent Access(string action, HttpContext context, AccessPolicy policy, string? nik, Guid? personId, IReadOnlyList<string> fields, string? detail) =>
        new(action, policy.ClientId, policy.Purpose, nik, personId, fields, context.TraceIdentifier, detail);

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
