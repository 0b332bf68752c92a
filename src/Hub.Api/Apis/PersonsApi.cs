using IntegrationHub.Core.Identity;
using IntegrationHub.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>Person lookups for subscribers and auditors.</summary>
internal static class PersonsApi
{
    public static IEndpointRouteBuilder MapPersonsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/persons");
        group.MapGet("/{nik}", GetPersonAsync).WithName("GetPersonByNik");
        return routes;
    }

    /// <summary>The golden record of the person with this NIK: 400 for a malformed NIK, 404 when unknown.</summary>
    public static async Task<Results<JsonHttpResult<System.Text.Json.Nodes.JsonObject>, ProblemHttpResult>> GetPersonAsync(
        string nik, HubDatabase database, CancellationToken cancellationToken)
    {
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
            return TypedResults.Problem(
                title: "Person not found",
                detail: $"No person with NIK {parsed.Value.Masked} is in the master index.",
                statusCode: StatusCodes.Status404NotFound,
                type: "urn:integrationhub:problem:person-not-found");
        }

        return TypedResults.Json(PersonDocument.From(person));
    }
}
