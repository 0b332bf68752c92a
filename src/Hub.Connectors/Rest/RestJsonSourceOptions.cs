using System.Globalization;

namespace IntegrationHub.Connectors.Rest;

/// <summary>
/// Configuration of a paged REST/JSON source (<c>schemas/connectors/rest-json.schema.json</c>), e.g. the BPJS
/// Kesehatan peserta API. Secrets are never part of the configuration: <see cref="AuthSecretVariable"/> names the
/// environment variable that holds one.
/// </summary>
public sealed class RestJsonSourceOptions
{
    /// <summary>Paging by page number: <see cref="PageParameter"/> and <see cref="SizeParameter"/> in the query.</summary>
    public const string PageNumberPaging = "page-number";

    /// <summary>Paging by following a link to the next page found at <see cref="NextLinkPath"/> in each response.</summary>
    public const string NextLinkPaging = "next-link";

    /// <summary>The API's root, e.g. <c>https://apijkn.bpjs-kesehatan.go.id/vclaim/</c>. Required; http or https.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The endpoint below <see cref="BaseAddress"/>, e.g. <c>/peserta</c>. Required. Also the feed's name and each row's location.</summary>
    public string Path { get; set; } = "";

    /// <summary><see cref="PageNumberPaging"/> (default) or <see cref="NextLinkPaging"/>.</summary>
    public string Paging { get; set; } = PageNumberPaging;

    /// <summary>The query parameter carrying the page number. Default: <c>page</c>.</summary>
    public string PageParameter { get; set; } = "page";

    /// <summary>
    /// The query parameter carrying the page size. Default: <c>size</c>. In next-link mode it is sent on the first
    /// request only (the links carry their own); null sends no size at all.
    /// </summary>
    public string? SizeParameter { get; set; } = "size";

    /// <summary>
    /// Records asked for per page. Default: 100. It must not exceed what the server really returns per page: in
    /// page-number mode a short page means "last page".
    /// </summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The number of the first page. Default: 1.</summary>
    public int FirstPage { get; set; } = 1;

    /// <summary>
    /// Where the next page's URL is in a response (next-link mode): a dotted property path (<c>links.next</c>, the
    /// default) or a JSON pointer (<c>/links/next</c>). Relative links are resolved against the page they came from;
    /// links to another origin are refused, since the credentials would go with them.
    /// </summary>
    public string NextLinkPath { get; set; } = "links.next";

    /// <summary>
    /// Where the array of records is in a response: a dotted property path (e.g. <c>response.list</c>) or a JSON
    /// pointer. Default: null, the response itself is the array. A JSON null on the way counts as an empty page.
    /// </summary>
    public string? ItemsPath { get; set; }

    /// <summary>
    /// The query parameter asking only for records updated after a value (e.g. <c>updatedSince</c>); null (the
    /// default) reads everything each time. Set together with <see cref="UpdatedField"/>.
    /// </summary>
    public string? UpdatedSinceParameter { get; set; }

    /// <summary>
    /// The record field holding its last update (e.g. <c>lastUpdate</c>). Its values must sort as text (ISO-like
    /// <c>yyyy-MM-dd HH:mm:ss</c>) or be numbers, and the server must order by it so page positions are stable.
    /// </summary>
    public string? UpdatedField { get; set; }

    /// <summary>The field identifying a record within the source (e.g. <c>noKartu</c>); reported by discovery.</summary>
    public string? KeyField { get; set; }

    /// <summary>The request header carrying the secret (e.g. <c>X-Api-Key</c> or <c>Authorization</c>); null sends none.</summary>
    public string? AuthHeader { get; set; }

    /// <summary>An optional scheme written before the secret in <see cref="AuthHeader"/>, e.g. <c>Bearer</c>.</summary>
    public string? AuthScheme { get; set; }

    /// <summary>
    /// The NAME of the environment variable holding the secret, read at each request so a rotated secret is picked
    /// up without a restart. Required when <see cref="AuthHeader"/> is set.
    /// </summary>
    public string? AuthSecretVariable { get; set; }

    /// <summary>How long one attempt (request and body) may take. Default: 30 seconds.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one page may take, all retries included. Default: 5 minutes.</summary>
    public TimeSpan OverallTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Retries after the first attempt on timeouts, 5xx, 408, 429, connection failures and broken JSON. Default: 5; 0 disables.</summary>
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>The median delay before the first retry; later ones grow exponentially, with jitter. Default: 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, for backoff and for a server's <c>Retry-After</c> alike. Default: 60 seconds.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Failures in a row (within <see cref="CircuitBreakerSamplingDuration"/>, with no success among them) that open
    /// the circuit, after which calls fail at once for <see cref="CircuitBreakDuration"/>. Default: 10; 0 disables; otherwise at least 2.
    /// </summary>
    public int CircuitBreakerFailures { get; set; } = 10;

    /// <summary>The window in which <see cref="CircuitBreakerFailures"/> are counted. Default: 2 minutes.</summary>
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long an open circuit stays open. Default: 30 seconds.</summary>
    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with this configuration, so an operator can fix them all in one go; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || (BaseAddress.Scheme != Uri.UriSchemeHttp && BaseAddress.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("baseAddress must be an absolute http or https address.");
        }
        else if (!string.IsNullOrEmpty(BaseAddress.Query) || !string.IsNullOrEmpty(BaseAddress.UserInfo))
        {
            // Credentials go in a header from an environment variable, never in the address.
            errors.Add("baseAddress must have no query string and no user information.");
        }

        if (string.IsNullOrWhiteSpace(Path) || Path.Contains('?', StringComparison.Ordinal))
        {
            errors.Add("path is required and must have no query string.");
        }

        if (Paging is not (PageNumberPaging or NextLinkPaging))
        {
            errors.Add($"paging must be '{PageNumberPaging}' or '{NextLinkPaging}'.");
        }

        if (Paging == PageNumberPaging && (string.IsNullOrWhiteSpace(PageParameter) || string.IsNullOrWhiteSpace(SizeParameter)))
        {
            errors.Add("page-number paging needs pageParameter and sizeParameter.");
        }

        if (Paging == NextLinkPaging && string.IsNullOrWhiteSpace(NextLinkPath))
        {
            errors.Add("next-link paging needs nextLinkPath.");
        }

        if (PageSize < 1)
        {
            errors.Add("pageSize must be at least 1.");
        }

        if (string.IsNullOrWhiteSpace(UpdatedSinceParameter) != string.IsNullOrWhiteSpace(UpdatedField))
        {
            errors.Add("updatedSinceParameter and updatedField go together: give both or neither.");
        }

        if (string.IsNullOrWhiteSpace(AuthHeader) != string.IsNullOrWhiteSpace(AuthSecretVariable))
        {
            errors.Add("authHeader and authSecretVariable go together: give both or neither.");
        }

        // Polly refuses timeouts outside (10 ms, 24 h) and break or sampling durations under 0.5 s.
        CheckRange(errors, "attemptTimeout", AttemptTimeout, TimeSpan.FromMilliseconds(11), TimeSpan.FromHours(24));
        CheckRange(errors, "overallTimeout", OverallTimeout, TimeSpan.FromMilliseconds(11), TimeSpan.FromHours(24));
        CheckRange(errors, "retryDelay", RetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        CheckRange(errors, "maxRetryDelay", MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromHours(1));
        if (MaxRetryAttempts is < 0 or > 100)
        {
            errors.Add("maxRetryAttempts must be between 0 and 100.");
        }

        if (CircuitBreakerFailures is 1 or < 0)
        {
            errors.Add("circuitBreakerFailures must be 0 (off) or at least 2.");
        }

        if (CircuitBreakerFailures > 0)
        {
            CheckRange(errors, "circuitBreakerSamplingDuration", CircuitBreakerSamplingDuration, TimeSpan.FromMilliseconds(501), TimeSpan.FromDays(1));
            CheckRange(errors, "circuitBreakDuration", CircuitBreakDuration, TimeSpan.FromMilliseconds(501), TimeSpan.FromDays(1));
        }

        return errors;
    }

    private static void CheckRange(List<string> errors, string name, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be between {min} and {max}."));
        }
    }
}
