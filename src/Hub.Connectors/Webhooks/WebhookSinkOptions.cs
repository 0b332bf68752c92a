using System.Globalization;

namespace IntegrationHub.Connectors.Webhooks;

/// <summary>
/// Configuration of a webhook sink (<c>schemas/connectors/webhook.schema.json</c>). The signing secrets are not
/// here on purpose: configuration files get committed, copied and printed, so secrets come from the subscription
/// store and are passed to <see cref="WebhookSink"/> directly.
/// </summary>
public sealed class WebhookSinkOptions
{
    /// <summary>The default per-request timeout: 10 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The longest per-request timeout accepted: 5 minutes.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The receiver's absolute <c>http</c> or <c>https</c> URL, without user name or password in it. Required.</summary>
    public Uri? Url { get; set; }

    /// <summary>
    /// How long one request may take, from sending to the response headers; longer counts as a transient failure.
    /// Default: <see cref="DefaultTimeout"/> (10 s); at most <see cref="MaxTimeout"/>. The injected
    /// <see cref="HttpClient.Timeout"/> applies too, so keep it longer than this.
    /// </summary>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;

    /// <summary>
    /// The name of an environment variable holding a bearer token, sent as <c>Authorization: Bearer &lt;token&gt;</c> for
    /// receivers that want it besides the signature. Default: none. The token is read once when the sink is created
    /// and is never logged or put in a failure reason.
    /// </summary>
    public string? BearerTokenEnvironmentVariable { get; set; }

    /// <summary>Every problem with these options (all of them, not only the first); empty when they are valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Url is null)
        {
            errors.Add("Url is required.");
        }
        else if (!Url.IsAbsoluteUri)
        {
            errors.Add("Url must be absolute.");
        }
        else
        {
            if (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps)
            {
                errors.Add("Url must be http or https.");
            }

            // Credentials in a URL end up in logs and error messages; the bearer token variable keeps them out.
            if (!string.IsNullOrEmpty(Url.UserInfo))
            {
                errors.Add("Url must not contain a user name or password; use BearerTokenEnvironmentVariable.");
            }
        }

        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"Timeout must be more than 0 and at most {MaxTimeout.TotalSeconds} s."));
        }

        if (BearerTokenEnvironmentVariable is not null && string.IsNullOrWhiteSpace(BearerTokenEnvironmentVariable))
        {
            errors.Add("BearerTokenEnvironmentVariable, when given, must name a variable.");
        }

        return errors;
    }
}
