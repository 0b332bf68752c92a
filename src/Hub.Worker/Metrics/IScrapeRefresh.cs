namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Something that reads its values from elsewhere (the database) before a scrape collects them, asynchronously,
/// because observable instruments are read synchronously.
/// </summary>
public interface IScrapeRefresh
{
    /// <summary>Brings the values up to date (or keeps recent ones); never throws for a failed read.</summary>
    Task RefreshAsync(CancellationToken cancellationToken);
}
