using System.Globalization;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Webhooks;
using IntegrationHub.Core.Access;
using IntegrationHub.Core.Audit;
using IntegrationHub.Core.Feeds;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Feeds;
using IntegrationHub.Worker.Feeds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace IntegrationHub.Api.Apis;

/// <summary>
/// The change feed: pulling a subscription's events (<c>/api/v1/feeds</c>) and administering subscriptions
/// (<c>/api/v1/subscriptions</c>: create, list, pause, resume, delete, rotate the secret, replay, status, dead letters).
/// Two route groups so that authorization can be set per audience.
/// </summary>
internal static class FeedsApi
{
    private const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapFeedPullApi(this IEndpointRouteBuilder routes)
    {
        var feeds = routes.MapGroup("/api/v1/feeds");
        feeds.MapGet("/{subscription}", PullAsync).WithName("PullFeed");
        return routes;
    }

    public static IEndpointRouteBuilder MapSubscriptionsApi(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/api/v1/subscriptions");
        admin.MapPost("/", CreateAsync).WithName("CreateSubscription");
        admin.MapGet("/", ListAsync).WithName("ListSubscriptions");
        admin.MapGet("/{subscription}", GetAsync).WithName("GetSubscription");
        admin.MapPost("/{subscription}/pause", (string subscription, HubDatabase database, TimeProvider time, CancellationToken ct) => SetPausedAsync(subscription, true, database, time, ct)).WithName("PauseSubscription");
        admin.MapPost("/{subscription}/resume", (string subscription, HubDatabase database, TimeProvider time, CancellationToken ct) => SetPausedAsync(subscription, false, database, time, ct)).WithName("ResumeSubscription");
        admin.MapDelete("/{subscription}", DeleteAsync).WithName("DeleteSubscription");
        admin.MapPost("/{subscription}/rotate-secret", RotateSecretAsync).WithName("RotateSubscriptionSecret");
        admin.MapPost("/{subscription}/replay", ReplayAsync).WithName("ReplaySubscription");
        admin.MapGet("/{subscription}/status", StatusAsync).WithName("SubscriptionStatus");
        admin.MapGet("/{subscription}/dead-letters", DeadLettersAsync).WithName("SubscriptionDeadLetters");
        return routes;
    }

    /// <summary>A new subscription. <c>delivery</c> is <c>pull</c> or <c>webhook</c> (then <c>url</c> is required).</summary>
    public sealed record CreateBody(string? ClientId, string? Purpose, string[]? EventTypes, string[]? Provinces, string? Delivery, string? Url);

    /// <summary>What to replay: from a sequence number or a time (one of them), dead letters only or everything sent.</summary>
    public sealed record ReplayBody(long? FromSeq, DateTimeOffset? FromTime, bool? DeadLettersOnly);

    /// <summary>A subscription's events after <c>after</c>, projected by its client's policy, and the cursor to continue from.</summary>
    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> PullAsync(
        string subscription, string? after, string? limit, HttpContext http, HubDatabase database, IAccessPolicyReader policies, IAuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        long cursor = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor)))
        {
            return Invalid("after must be a sequence number: a whole number, 0 or more.");
        }

        var max = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
        {
            return Invalid($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var stored = await database.Feeds.GetSubscriptionAsync(id, cancellationToken);
        if (stored is null)
        {
            return NotFound(id);
        }

        var s = stored.Subscription;
        var caller = Access.HubPrincipal.ClientId(http.User);
        if (!http.User.IsInRole(HubRoles.Name(HubRole.Admin)) && !string.Equals(caller, s.ClientId, StringComparison.Ordinal))
        {
            // Another client's subscription is answered as if it did not exist.
            return NotFound(id);
        }

        var policy = await policies.FindAsync(s.ClientId, s.Purpose, cancellationToken);
        var delivered = new List<(ChangeEvent Change, ProjectedEvent Projected)>();
        var events = new JsonArray();
        var next = cursor;

        // Events the subscriber may not see are passed over, and the cursor moves past them: a page may hold fewer
        // than limit events, never a hidden one. The scan is bounded so that one call stays cheap.
        var scanned = 0;
        while (events.Count < max && scanned < max * 10)
        {
            var page = await database.Feeds.ReadAsync(next, max, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var change in page)
            {
                scanned++;
                next = change.Seq;
                if (FeedProjection.Project(change, policy, s.Filter) is { } projected)
                {
                    events.Add(JsonNode.Parse(FeedProjection.ToJson(projected)));
                    delivered.Add((change, projected));
                    if (events.Count == max)
                    {
                        break;
                    }
                }
            }
        }

        // Every person whose data leaves in this page is an access (UU PDP Pasal 31), durable before the answer.
        // Appended together, so that the audit log commits them as one group.
        // The subject's NIK is recorded even when the policy withholds it, so that the person's access report finds it.
        await Task.WhenAll(delivered.Select(d => (d.Change, d.Projected)).Select(pair => audit.AppendAsync(
            new AuditEvent("feed.read", caller ?? s.ClientId, s.Purpose, pair.Change.Person.GetValueOrDefault("nik"), pair.Projected.PersonId,
                [.. pair.Projected.Person.Keys.Order(StringComparer.Ordinal)], http.TraceIdentifier,
                $$"""{"subscription":"{{id}}","seq":{{pair.Projected.Seq}}}"""),
            cancellationToken).AsTask()));

        // Asking for the events after a position acknowledges everything up to it: the subscription's status then
        // measures the client's lag from there. Only the subscriber's own pulls count (an administrator looking does not).
        if (after is not null && string.Equals(caller, s.ClientId, StringComparison.Ordinal))
        {
            await database.Feeds.AcknowledgeAsync(id, cursor, time.GetUtcNow(), cancellationToken);
        }

        return TypedResults.Ok(new JsonObject
        {
            ["subscriptionId"] = id,
            ["events"] = events,
            ["next"] = next,
            ["latest"] = await database.Feeds.LatestSeqAsync(cancellationToken),
        });
    }

    public static async Task<Results<Created<JsonObject>, ProblemHttpResult>> CreateAsync(
        CreateBody? body, HubDatabase database, TimeProvider time, WebhookAddressPolicy addresses, CancellationToken cancellationToken)
    {
        if (body is null)
        {
            return Invalid("A JSON body is required.");
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(body.ClientId))
        {
            problems.Add("clientId is required.");
        }

        if (string.IsNullOrWhiteSpace(body.Purpose))
        {
            problems.Add("purpose is required.");
        }

        var types = (body.EventTypes ?? []).ToHashSet(StringComparer.Ordinal);
        if (types.FirstOrDefault(t => !ChangeEventTypes.All.Contains(t)) is { } unknown)
        {
            problems.Add($"eventTypes: '{unknown}' is not an event type; known: {string.Join(", ", ChangeEventTypes.All.Order(StringComparer.Ordinal))}.");
        }

        var provinces = (body.Provinces ?? []).ToHashSet(StringComparer.Ordinal);
        if (provinces.Any(p => p.Length != 2 || !p.All(char.IsAsciiDigit)))
        {
            problems.Add("provinces must be 2-digit Kemendagri province codes.");
        }

        var mode = body.Delivery switch
        {
            "pull" or null => DeliveryMode.Pull,
            "webhook" => DeliveryMode.Webhook,
            _ => (DeliveryMode)0,
        };
        Uri? url = null;
        if (mode == 0)
        {
            problems.Add("delivery must be pull or webhook.");
        }
        else if (mode == DeliveryMode.Webhook && (!Uri.TryCreate(body.Url, UriKind.Absolute, out url) || url.Scheme is not ("https" or "http")))
        {
            problems.Add("url must be an absolute http or https URL for a webhook subscription.");
        }
        else if (url is not null && await CheckAddressAsync(addresses, url, cancellationToken) is { } refusal)
        {
            problems.Add("url: " + refusal);
        }

        if (problems.Count > 0)
        {
            return Invalid(string.Join(" ", problems));
        }

        var subscription = new Subscription(Guid.CreateVersion7(time.GetUtcNow()), body.ClientId!.Trim(), body.Purpose!.Trim(), new SubscriptionFilter(types, provinces), mode, url, false, time.GetUtcNow());
        var secret = mode == DeliveryMode.Webhook ? WebhookSecret.Generate() : null;
        await database.Feeds.CreateSubscriptionAsync(subscription, secret?.Reveal(), cancellationToken);
        var document = Document(new StoredSubscription(subscription, null, null, null, null, null));
        if (secret is not null)
        {
            // Shown once, here; the hub never returns it again. Rotate to get a new one.
            document["secret"] = secret.Reveal();
        }

        return TypedResults.Created($"/api/v1/subscriptions/{subscription.SubscriptionId}", document);
    }

    public static async Task<Ok<JsonObject>> ListAsync(HubDatabase database, CancellationToken cancellationToken)
    {
        var array = new JsonArray();
        foreach (var s in await database.Feeds.ListSubscriptionsAsync(cancellationToken))
        {
            array.Add(Document(s));
        }

        return TypedResults.Ok(new JsonObject { ["items"] = array });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> GetAsync(string subscription, HubDatabase database, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        return await database.Feeds.GetSubscriptionAsync(id, cancellationToken) is { } s ? TypedResults.Ok(Document(s)) : NotFound(id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> SetPausedAsync(string subscription, bool paused, HubDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        return await database.Feeds.SetPausedAsync(id, paused, time.GetUtcNow(), cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(string subscription, HubDatabase database, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        return await database.Feeds.DeleteSubscriptionAsync(id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> RotateSecretAsync(
        string subscription, HubDatabase database, TimeProvider time, IOptions<FeedDeliveryOptions> options, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        var now = time.GetUtcNow();
        var until = now + options.Value.SecretRotationOverlap;
        var secret = WebhookSecret.Generate();
        if (!await database.Feeds.RotateSecretAsync(id, secret.Reveal(), until, now, cancellationToken))
        {
            return NotFound(id, "No webhook subscription has this id.");
        }

        return TypedResults.Ok(new JsonObject { ["secret"] = secret.Reveal(), ["previousSecretValidUntil"] = until });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> ReplayAsync(
        string subscription, ReplayBody? body, HubDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        if (body is null || (body.FromSeq is null) == (body.FromTime is null) || body.FromSeq < 0)
        {
            return Invalid("Give exactly one of fromSeq (0 or more) and fromTime (ISO 8601).");
        }

        if (await database.Feeds.GetSubscriptionAsync(id, cancellationToken) is not { Subscription.Mode: DeliveryMode.Webhook })
        {
            return NotFound(id, "No webhook subscription has this id; a pull subscriber replays by reading from an earlier cursor.");
        }

        var from = body.FromSeq ?? await database.Feeds.SeqAtAsync(body.FromTime!.Value, cancellationToken);
        var queued = await database.Feeds.ReplayAsync(id, from, body.DeadLettersOnly ?? false, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok(new JsonObject { ["fromSeq"] = from, ["queued"] = queued });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> StatusAsync(string subscription, HubDatabase database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        var status = await database.Feeds.GetStatusAsync(id, cancellationToken);
        if (status is null)
        {
            return NotFound(id);
        }

        var lagSeconds = status.OldestPendingAt is { } oldest ? Math.Max(0, (time.GetUtcNow() - oldest).TotalSeconds) : 0;
        return TypedResults.Ok(new JsonObject
        {
            ["subscriptionId"] = id,
            ["latestSeq"] = status.LatestSeq,
            ["queuedThroughSeq"] = status.FanoutSeq,
            ["lagEvents"] = status.LagEvents,
            ["lagSeconds"] = Math.Round(lagSeconds, 3),
            ["pending"] = status.Pending,
            ["delivered"] = status.Delivered,
            ["deadLetters"] = status.DeadLetters,
            ["lastError"] = status.LastError,
            ["lastErrorAt"] = status.LastErrorAt,
            ["delivery"] = status.IsPull ? "pull" : "webhook",
            ["consumedThroughSeq"] = status.ConsumedSeq,
            ["consumedAt"] = status.ConsumedAt,
        });
    }

    public static async Task<Results<Ok<JsonObject>, ProblemHttpResult>> DeadLettersAsync(
        string subscription, string? after, string? limit, HubDatabase database, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(subscription, out var id))
        {
            return Invalid("subscription must be a subscription id (a UUID).");
        }

        long cursor = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor))
        {
            return Invalid("after must be a sequence number: a whole number, 0 or more.");
        }

        var max = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 1 or > MaxLimit))
        {
            return Invalid($"limit must be a whole number from 1 to {MaxLimit}.");
        }

        var items = new JsonArray();
        foreach (var (seq, error) in await database.Feeds.ListDeadLettersAsync(id, cursor, max, cancellationToken))
        {
            items.Add(new JsonObject { ["seq"] = seq, ["lastError"] = error });
        }

        return TypedResults.Ok(new JsonObject { ["items"] = items });
    }

    // Resolving a name takes a moment at most; a resolver that hangs must not hold the request. The connection-time
    // check guards delivery whatever happens here.
    private static async Task<string?> CheckAddressAsync(WebhookAddressPolicy addresses, Uri url, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            return await addresses.CheckAsync(url, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return addresses.CheckUrl(url);
        }
    }

    private static JsonObject Document(StoredSubscription stored)
    {
        var s = stored.Subscription;
        return new JsonObject
        {
            ["subscriptionId"] = s.SubscriptionId,
            ["clientId"] = s.ClientId,
            ["purpose"] = s.Purpose,
            ["eventTypes"] = new JsonArray([.. s.Filter.EventTypes.Order(StringComparer.Ordinal).Select(t => (JsonNode?)t)]),
            ["provinces"] = new JsonArray([.. s.Filter.Provinces.Order(StringComparer.Ordinal).Select(p => (JsonNode?)p)]),
            ["delivery"] = s.Mode == DeliveryMode.Webhook ? "webhook" : "pull",
            ["url"] = s.Url?.ToString(),
            ["status"] = s.Paused ? "paused" : "active",
            ["createdAt"] = s.CreatedAt,
        };
    }

    private static ProblemHttpResult NotFound(Guid id, string? detail = null) =>
        TypedResults.Problem(title: "Subscription not found", detail: detail ?? $"No subscription has id {id}.", statusCode: StatusCodes.Status404NotFound, type: "urn:integrationhub:problem:subscription-not-found");

    private static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(title: "Invalid request", detail: detail, statusCode: StatusCodes.Status400BadRequest, type: "urn:integrationhub:problem:invalid-request");
}
