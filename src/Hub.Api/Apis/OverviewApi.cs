using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Overview;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// <c>GET /api/v1/overview</c>: the operations console's first page in one read-only call. Counts (persons, records
/// per source, the open review queue and quarantine), the latest ingest runs with their counts and durations, and
/// each feed subscription's lag. No personal data, no URLs, no secrets.
/// </summary>
internal static partial class OverviewApi
{
    public static IEndpointRouteBuilder MapOverviewApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/overview");
        group.MapGet("/", GetOverviewAsync).WithName("GetOverview");
        return routes;
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetOverviewAsync(HubDatabase database, TimeProvider time, int? runs, CancellationToken cancellationToken)
    {
        if (runs is < 1 or > 200)
        {
            return TypedResults.Problem(title: "Invalid request", detail: "runs must be between 1 and 200.", statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
        }

        var overview = await new OverviewStore(database).ReadAsync(runs ?? 20, cancellationToken);
        var sources = new JsonArray();
        foreach (var s in overview.Sources)
        {
            sources.Add(new JsonObject { ["source"] = s.Source, ["records"] = s.Records, ["inReview"] = s.InReview });
        }

        var recent = new JsonArray();
        foreach (var r in overview.RecentRuns)
        {
            recent.Add(new JsonObject
            {
                ["runId"] = r.RunId.ToString(),
                ["source"] = r.Source,
                ["location"] = r.Location,
                ["status"] = r.Status.ToLowerInvariant(),
                ["read"] = r.Accepted + r.Unchanged + r.Quarantined,
                ["accepted"] = r.Accepted,
                ["unchanged"] = r.Unchanged,
                ["quarantined"] = r.Quarantined,
                ["startedAt"] = r.StartedAt.ToString("O", CultureInfo.InvariantCulture),
                ["finishedAt"] = r.FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
                ["durationSeconds"] = r.FinishedAt is { } f ? Math.Round((f - r.StartedAt).TotalSeconds, 3) : null,
                ["error"] = r.Error,
            });
        }

        return TypedResults.Ok(new JsonObject
        {
            ["persons"] = overview.Persons,
            ["reviewOpen"] = overview.OpenReviews,
            ["quarantineOpen"] = overview.OpenQuarantine,
            ["sources"] = sources,
            ["recentRuns"] = recent,
            ["feeds"] = await FeedSummaryAsync(database, time, cancellationToken),
        });
    }
}
