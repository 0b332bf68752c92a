using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// Metrics settings, under <c>Hub:Metrics</c>: the listener a <c>hub worker</c> serves <c>/metrics</c> on (off by
/// default; loopback only unless <see cref="AllowRemote"/>), and how long the feed lag read from the database is
/// reused between scrapes.
/// </summary>
public sealed partial class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hub:Metrics";

    /// <summary>
    /// Where <c>hub worker</c> serves <c>GET /metrics</c>: <c>http://IP:PORT</c> with an IP address (no host name),
    /// port 0 for any free port. Unset (the default): no listener.
    /// </summary>
    public string? WorkerListen { get; set; }

    /// <summary>
    /// Allow <see cref="WorkerListen"/> on an address other than loopback. The listener has no authentication, so
    /// the default is false. Default: false.
    /// </summary>
    public bool AllowRemote { get; set; }

    /// <summary>How long feed lag read from the database serves scrapes before it is read again. Default: 5 seconds.</summary>
    public TimeSpan FeedLagCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The options from configuration (never throws; <see cref="Validate"/> reports problems).</summary>
    public static MetricsOptions FromConfiguration(IConfiguration configuration) =>
        SafeBinder.Bind(configuration.GetSection(SectionName), new MetricsOptions(), new List<ConfigurationProblem>());

    /// <summary>The listener's address, or null when there is none. Only for valid options.</summary>
    public string? WorkerListenUrl => string.IsNullOrWhiteSpace(WorkerListen) ? null : WorkerListen.Trim().TrimEnd('/');

    /// <summary>Adds every problem with <c>Hub:Metrics</c> to <paramref name="problems"/>.</summary>
    public static void Validate(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        // A value that cannot be read keeps its default, which passes the checks below: each problem is reported once.
        var options = SafeBinder.Bind(configuration.GetSection(SectionName), new MetricsOptions(), problems);
        if (ListenProblem(options.WorkerListen, options.AllowRemote) is { } listen)
        {
            problems.Add(new($"{SectionName}:WorkerListen", listen));
        }

        if (options.FeedLagCacheDuration < TimeSpan.Zero || options.FeedLagCacheDuration > TimeSpan.FromMinutes(5))
        {
            problems.Add(new($"{SectionName}:FeedLagCacheDuration", string.Create(CultureInfo.InvariantCulture, $"must be between 00:00:00 and 00:05:00; is {options.FeedLagCacheDuration}.")));
        }
    }

    private static string? ListenProblem(string? listen, bool allowRemote)
    {
        if (string.IsNullOrWhiteSpace(listen))
        {
            return null;
        }

        const string Form = "use http://IP:PORT, e.g. http://127.0.0.1:9464 (port 0: any free port)";
        var match = ListenForm().Match(listen.Trim());
        if (!match.Success)
        {
            return $"'{listen}' is not an address to listen on; {Form}.";
        }

        if (!IPAddress.TryParse(match.Groups["ip"].Value, out var address))
        {
            return $"'{match.Groups["ip"].Value}' is not an IP address; {Form}.";
        }

        if (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            return $"'{match.Groups["port"].Value}' is not a port (0-65535); {Form}.";
        }

        return !allowRemote && !IPAddress.IsLoopback(address)
            ? $"'{address}' is not a loopback address, and the listener has no authentication; listen on 127.0.0.1 (scrape through a local agent or tunnel) or set {SectionName}:AllowRemote to true."
            : null;
    }

    // http://, an IPv4 address or a bracketed IPv6 one, a port, nothing after but an optional slash.
    [GeneratedRegex(@"^http://(?:\[(?<ip>[0-9A-Fa-f:.]+)\]|(?<ip>[0-9.]+)):(?<port>[0-9]{1,5})/?$", RegexOptions.CultureInvariant)]
    private static partial Regex ListenForm();
}
