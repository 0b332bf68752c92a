namespace IntegrationHub.Api.Startup;

/// <summary>The open aggregate statistics (<c>GET /api/v1/stats</c>), under <c>Hub:Stats</c>.</summary>
public sealed class StatsOptions
{
    public const string SectionName = "Hub:Stats";

    /// <summary>Open to anyone.</summary>
    public const string PublicAccess = "public";

    /// <summary>Only callers that send <see cref="ApiKey"/> in the <c>X-Api-Key</c> header.</summary>
    public const string KeyAccess = "key";

    /// <summary>Who may read the statistics: <c>public</c> (default) or <c>key</c>.</summary>
    public string Access { get; set; } = PublicAccess;

    /// <summary>The key callers send in <c>X-Api-Key</c> when <see cref="Access"/> is <c>key</c>; at least 16 characters. Default: none.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// The smallest count published: a cell below it is suppressed (null, and named under <c>suppressed</c>),
    /// with further cells suppressed so that it cannot be recovered from a total. Default: 10; at least 2.
    /// </summary>
    public int MinimumCellSize { get; set; } = 10;

    /// <summary>How long an answer is reused before the index is counted again, in seconds. Default: 60; 0 counts on every request.</summary>
    public int CacheSeconds { get; set; } = 60;
}
