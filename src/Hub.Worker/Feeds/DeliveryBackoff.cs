namespace IntegrationHub.Worker.Feeds;

/// <summary>
/// When a failed delivery is tried again: exponential backoff with full jitter (a random delay between zero and
/// base × 2^(attempt−1), capped), so that the retries of many deliveries to an endpoint that came back spread out
/// instead of arriving together. The schedule is stored with the delivery, not kept in memory, so it survives the
/// node and any node may make the next attempt.
/// </summary>
internal static class DeliveryBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ceiling = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
    }
}
