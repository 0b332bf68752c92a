using System.Diagnostics;
using IntegrationHub.Worker.Metrics;

namespace IntegrationHub.Api.Metrics;

/// <summary>
/// Records every request's duration, and server errors, by endpoint and client. The endpoint is the matched
/// route's template (<c>/api/v1/persons/{nik}</c>), never the path itself, which would put a NIK into a label
/// (and give every person a series of their own); requests no route matches count as <c>unmatched</c>.
/// </summary>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, HubMetrics metrics)
{
    public const string Unmatched = "unmatched";

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // An exception escaping here becomes a 500 in the exception handler outside this middleware.
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            metrics.RecordRequest(EndpointName(context), context.Request.Method, status, ClientName(context), Stopwatch.GetElapsedTime(started));
        }
    }

    private static string EndpointName(HttpContext context) =>
        context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } template } ? template : Unmatched;

    // Every caller is anonymous until API clients authenticate; their name will come from the authenticated identity.
    private static string ClientName(HttpContext context) => HubMetrics.AnonymousClient;
}
