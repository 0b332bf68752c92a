using IntegrationHub.Api.Health;
using IntegrationHub.Api.Startup;
using IntegrationHub.Storage;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// Liveness and readiness for operators and load balancers: <c>/health/live</c> answers while the process runs;
/// <c>/health/ready</c> runs every <see cref="IReadinessCheck"/> (start-up, database and schema version; the
/// scheduler joins later) and is 503 until all pass; <c>/health</c> is the original combined report.
/// </summary>
internal static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", GetHealthAsync).WithName("Health");
        routes.MapGet("/health/live", GetLive).WithName("HealthLive");
        routes.MapGet("/health/ready", GetReadyAsync).WithName("HealthReady");
        return routes;
    }

    public sealed record HealthReport(string Status, string Database, int SchemaVersion, int ExpectedSchemaVersion, long Persons, string? Problem);

    public sealed record LivenessReport(string Status);

    public sealed record ReadinessReport(string Status, IReadOnlyList<CheckReport> Checks);

    public sealed record CheckReport(string Name, string Status, string Detail);

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<LivenessReport> GetLive() => TypedResults.Json(new LivenessReport("alive"));

    private static async Task<IResult> GetReadyAsync(IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        var reports = new List<CheckReport>();
        foreach (var check in checks)
        {
            var result = await check.CheckAsync(cancellationToken);
            reports.Add(new CheckReport(check.Name, result.Ready ? "pass" : "fail", result.Detail));
        }

        var ready = reports.TrueForAll(r => r.Status == "pass");
        return TypedResults.Json(new ReadinessReport(ready ? "ready" : "not-ready", reports), statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    // Healthy only when start-up work is done and the database answers at the schema version this build expects.
    private static async Task<IResult> GetHealthAsync(HubDatabase database, StartupState state, CancellationToken cancellationToken)
    {
        var provider = database.Provider.ToString();
        if (state.Failure is { } failure)
        {
            return TypedResults.Json(new HealthReport("unhealthy", provider, 0, database.Migrator.LatestVersion, 0, failure), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        if (!state.Ready)
        {
            return TypedResults.Json(new HealthReport("starting", provider, 0, database.Migrator.LatestVersion, 0, null), statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        try
        {
            var version = await database.Migrator.CurrentVersionAsync(cancellationToken);
            var persons = await database.MasterIndex.CountPersonsAsync(cancellationToken);
            var healthy = version == database.Migrator.LatestVersion;
            return TypedResults.Json(
                new HealthReport(healthy ? "healthy" : "unhealthy", provider, version, database.Migrator.LatestVersion, persons, healthy ? null : "schema version differs from this build"),
                statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return TypedResults.Json(new HealthReport("unhealthy", provider, 0, database.Migrator.LatestVersion, 0, "database unreachable: " + ex.GetType().Name), statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
