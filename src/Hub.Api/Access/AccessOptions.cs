namespace IntegrationHub.Api.Access;

/// <summary>Authentication, rate limits and request limits, under <c>Hub:Access</c>.</summary>
public sealed class AccessOptions
{
    public const string SectionName = "Hub:Access";

    /// <summary>
    /// Where the first start writes the bootstrap admin's key (owner-only permissions), relative to the data
    /// directory when not absolute. Default: <c>admin.key</c>. Written only when the database has no client at all.
    /// </summary>
    public string BootstrapKeyFile { get; set; } = "admin.key";

    /// <summary>Create the bootstrap admin (client <c>admin</c>, policy <c>admin-ops</c>) when no client exists. Default: true.</summary>
    public bool BootstrapAdmin { get; set; } = true;

    /// <summary>Requests each client may make per <see cref="RateLimitWindowSeconds"/>. Default: 1200; 0 turns the limit off.</summary>
    public int RateLimitPermits { get; set; } = 1200;

    /// <summary>The rate limit's window, in seconds. Default: 60.</summary>
    public int RateLimitWindowSeconds { get; set; } = 60;

    /// <summary>The largest request body accepted, in bytes; larger ones get 413. Default: 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
}
