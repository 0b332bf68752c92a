using System.Globalization;

namespace IntegrationHub.Api.Startup;

/// <summary>
/// Gives every request a correlation id: the caller's <c>X-Correlation-Id</c> when it is a plain token (letters,
/// digits, <c>-</c>, <c>_</c>, <c>.</c>, <c>:</c>, at most 64 characters), otherwise a new one. The id is returned
/// in the response header and put in a logging scope (<c>CorrelationId</c>), so every log line of the request
/// carries it.
/// </summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger, TimeProvider time)
{
    public const string HeaderName = "X-Correlation-Id";

    public const string ScopeKey = "CorrelationId";

    public async Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[HeaderName] is [{ } given] && IsAcceptable(given)
            ? given
            : Guid.CreateVersion7(time.GetUtcNow()).ToString("N", CultureInfo.InvariantCulture);
        context.TraceIdentifier = id;
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = id;
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object?> { [ScopeKey] = id }))
        {
            await next(context);
        }
    }

    // Anything else (long values, spaces, control characters) could forge log lines or bloat them; it is replaced.
    internal static bool IsAcceptable(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
