using IntegrationHub.Core.Access;
using IntegrationHub.Core.Feeds;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IntegrationHub.Worker.Feeds;

/// <summary>Registers webhook delivery in a host (Hub.Api in-process, or a worker process).</summary>
public static class FeedServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="FeedDeliveryService"/> (as a hosted service when <c>Hub:Feeds:DeliveryEnabled</c> is true) and
    /// its options, and the <see cref="WebhookAddressPolicy"/> of <c>Hub:Feeds:Webhooks</c> (on the registered
    /// <see cref="IHostAddressResolver"/>, else DNS). Needs a <see cref="Storage.HubDatabase"/> and a <see cref="TimeProvider"/> registered. Policies
    /// come from the registered <see cref="IAccessPolicyReader"/>, else from the database's access store.
    /// </summary>
    public static IServiceCollection AddFeedDelivery(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = FeedDeliveryOptions.From(configuration);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, problems.Select(p => p.ToString())));
        }

        services.Configure<FeedDeliveryOptions>(configuration.GetSection(FeedDeliveryOptions.SectionName));
        services.TryAddSingleton<IAccessPolicyReader>(sp => sp.GetRequiredService<Storage.HubDatabase>().Access);
        // One policy for the API (checked when a subscription is created) and delivery (checked at every connection).
        services.TryAddSingleton<IHostAddressResolver>(DnsHostAddressResolver.Instance);
        services.TryAddSingleton(sp => new WebhookAddressPolicy(options.Webhooks, sp.GetRequiredService<IHostAddressResolver>()));
        services.AddMetrics();
        services.TryAddSingleton<Metrics.FeedMetrics>();
        services.AddSingleton<FeedDeliveryService>();
        if (options.DeliveryEnabled)
        {
            services.AddHostedService(sp => sp.GetRequiredService<FeedDeliveryService>());
        }

        return services;
    }
}
