using System.Net.Http.Headers;

namespace IntegrationHub.Connectors.Rest.Internal;

/// <summary>Reads Retry-After, in seconds or as an HTTP date, as a wait from now (never negative).</summary>
internal static class RetryAfter
{
    public static TimeSpan? Read(RetryConditionHeaderValue? header, TimeProvider timeProvider)
    {
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - timeProvider.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
