using IntegrationHub.Core.Feeds;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Feeds;

/// <summary>Webhook delivery settings, under <c>Hub:Feeds</c>. Every default suits one small node; tests shorten the times.</summary>
public sealed class FeedDeliveryOptions
{
    public const string SectionName = "Hub:Feeds";

    /// <summary>Whether this process delivers webhooks. Default: true.</summary>
    public bool DeliveryEnabled { get; set; } = true;

    /// <summary>This node's name in the attempt log. Default: machine name and process id.</summary>
    public string? NodeId { get; set; }

    /// <summary>How long to wait when there was nothing to do. Default: 200 ms.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Most deliveries claimed in one statement. Default: 100.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Deliveries this node holds at once, claimed and not yet recorded (sending, or waiting for their endpoint's
    /// turn). A new batch is claimed whenever half a batch is free. Default: 256.
    /// </summary>
    public int MaxConcurrency { get; set; } = 256;

    /// <summary>Requests in flight at once to one endpoint (scheme, host and port) from this node. Default: 16.</summary>
    public int MaxInFlightPerEndpoint { get; set; } = 16;

    /// <summary>Events considered per subscription per fan-out pass. Default: 1000.</summary>
    public int FanOutBatchSize { get; set; } = 1000;

    /// <summary>How long a claim is this node's; a node that dies loses its claims after this. Default: 60 s. Must exceed <see cref="RequestTimeout"/>.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>One request's time limit. Default: 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a delivery is dead-lettered. Default: 12.</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>Age (since the first attempt) after which a failing delivery is dead-lettered. Default: 24 h.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The first retry's mean delay; each retry doubles it, with full jitter. Default: 5 s.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay between retries. Default: 1 h.</summary>
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Failure ratio (0–1] within <see cref="BreakerSamplingDuration"/> that opens an endpoint's circuit. Default: 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Requests within the sampling window before the ratio counts. Default: 20.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;

    /// <summary>The breaker's sampling window. Default: 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit stays open before a trial request. Default: 30 s.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a rotated-out secret keeps signing alongside the new one. Default: 24 h.</summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Where webhooks may be sent (<c>Hub:Feeds:Webhooks</c>): by default only <c>https</c> to public addresses.
    /// See <see cref="WebhookAddressPolicy"/>.
    /// </summary>
    public WebhookAddressOptions Webhooks { get; set; } = new();

    /// <summary>Reads the settings from <paramref name="configuration"/> (section <see cref="SectionName"/>).</summary>
    public static FeedDeliveryOptions From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = new FeedDeliveryOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(SectionName), options);
        return options;
    }

    /// <summary>Every problem with the settings, each naming its setting; empty when usable.</summary>
    public IReadOnlyList<ConfigurationProblem> Validate()
    {
        var problems = new List<ConfigurationProblem>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                // The message starts with the setting's name.
                var setting = message[..message.IndexOf(' ', StringComparison.Ordinal)];
                problems.Add(new ConfigurationProblem(SectionName + ":" + setting, message));
            }
        }

        Check(PollInterval > TimeSpan.Zero, "PollInterval must be positive.");
        Check(BatchSize is >= 1 and <= 1000, "BatchSize must be 1 to 1000.");
        Check(MaxConcurrency is >= 1 and <= 10_000, "MaxConcurrency must be 1 to 10000.");
        Check(MaxInFlightPerEndpoint is >= 1 and <= 256, "MaxInFlightPerEndpoint must be 1 to 256.");
        Check(FanOutBatchSize is >= 1 and <= 10_000, "FanOutBatchSize must be 1 to 10000.");
        Check(RequestTimeout > TimeSpan.FromMilliseconds(10) && RequestTimeout < TimeSpan.FromDays(1), "RequestTimeout must be between 10 ms and 1 day.");
        Check(LeaseDuration > RequestTimeout, "LeaseDuration must be longer than RequestTimeout, or a slow request would lose its claim mid-flight.");
        Check(MaxAttempts >= 1, "MaxAttempts must be at least 1.");
        Check(MaxAge > TimeSpan.Zero, "MaxAge must be positive.");
        Check(BackoffBase > TimeSpan.Zero && BackoffMax >= BackoffBase, "BackoffBase must be positive and BackoffMax at least BackoffBase.");
        Check(BreakerFailureRatio is > 0 and <= 1, "BreakerFailureRatio must be in (0, 1].");
        Check(BreakerMinimumThroughput >= 2, "BreakerMinimumThroughput must be at least 2.");
        Check(BreakerSamplingDuration >= TimeSpan.FromMilliseconds(500), "BreakerSamplingDuration must be at least 0.5 s.");
        Check(BreakerBreakDuration >= TimeSpan.FromMilliseconds(500), "BreakerBreakDuration must be at least 0.5 s.");
        Check(SecretRotationOverlap >= TimeSpan.Zero, "SecretRotationOverlap must not be negative.");
        foreach (var problem in Webhooks?.Validate() ?? [])
        {
            // Each problem starts with its setting's name, followed by a colon.
            problems.Add(new ConfigurationProblem(SectionName + ":" + WebhookAddressOptions.SectionName + ":" + problem[..problem.IndexOf(':', StringComparison.Ordinal)], problem));
        }
        return problems;
    }
}
