namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>
/// A non-success answer, raised inside the resilience pipeline so retry and the circuit breaker can see it. It
/// carries the status and reason phrase only: bodies of error answers sometimes echo the request, secret included.
/// </summary>
internal sealed class HttpStatusFailure : Exception
{
    public HttpStatusFailure(int statusCode, string reasonPhrase, TimeSpan? retryAfter)
        : base($"HTTP {statusCode} {reasonPhrase}")
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
        RetryAfter = retryAfter;
    }

    public HttpStatusFailure()
    {
        ReasonPhrase = "";
    }

    public HttpStatusFailure(string message)
        : base(message)
    {
        ReasonPhrase = "";
    }

    public HttpStatusFailure(string message, Exception innerException)
        : base(message, innerException)
    {
        ReasonPhrase = "";
    }

    public int StatusCode { get; }

    public string ReasonPhrase { get; }

    /// <summary>How long the server asked us to wait (Retry-After), when it said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>408, 429 and 5xx may pass; other answers will be the same next time.</summary>
    public bool IsTransient => StatusCode is 408 or 429 or >= 500;
}
