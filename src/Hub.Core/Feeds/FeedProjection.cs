using System.Text.Json;
using IntegrationHub.Core.Access;

namespace IntegrationHub.Core.Feeds;

/// <summary>
/// Decides what one subscriber receives of one event: nothing without a policy, nothing of a type the policy or the
/// subscription's filter leaves out, and otherwise only the person fields (and changed-field names) the policy lists.
/// </summary>
public static class FeedProjection
{
    /// <summary>The event as the subscriber may see it, or null when it must not receive it at all.</summary>
    /// <param name="change">The stored event.</param>
    /// <param name="policy">The subscriber's policy for the subscription's purpose; null denies everything.</param>
    /// <param name="filter">The subscription's own filter.</param>
    public static ProjectedEvent? Project(ChangeEvent change, AccessPolicy? policy, SubscriptionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(filter);
        if (!IsDelivered(change.Type, change.ProvinceCode, policy, filter))
        {
            return null;
        }

        var person = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in change.Person)
        {
            if (policy!.AllowsField(field))
            {
                person[field] = value;
            }
        }

        var changed = change.ChangedFields.Where(policy!.AllowsField).ToList();

        // An update of fields the subscriber may not see tells it nothing but that something hidden changed:
        // it is not delivered, so that the feed leaks no more than the fields themselves would.
        if (change.Type == ChangeEventTypes.Updated && change.ChangedFields.Count > 0 && changed.Count == 0)
        {
            return null;
        }

        return new ProjectedEvent(change.Seq, change.EventId, change.Type, change.PersonId, change.OtherPersonId, changed, person, change.OccurredAt);
    }

    /// <summary>Whether an event of this type and province reaches the subscriber at all (before field projection).</summary>
    public static bool IsDelivered(string type, string? provinceCode, AccessPolicy? policy, SubscriptionFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);

        // A province filter needs the province: a subscriber restricted to one province whose policy hides the
        // province would otherwise learn it from which events arrive. The filter is applied on the hub's side, so
        // it is allowed; what the subscriber sees of the province is still up to the policy.
        return policy is not null && policy.AllowsEvent(type) && filter.Matches(type, provinceCode);
    }

    /// <summary>The JSON body of a projected event, as pulled and as pushed (the webhook signs exactly these bytes).</summary>
    public static string ToJson(ProjectedEvent projected)
    {
        ArgumentNullException.ThrowIfNull(projected);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(writer, projected);
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes one projected event in the change-event schema's shape.</summary>
    public static void Write(Utf8JsonWriter writer, ProjectedEvent projected)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(projected);
        writer.WriteStartObject();
        writer.WriteNumber("seq", projected.Seq);
        writer.WriteString("eventId", projected.EventId);
        writer.WriteString("type", projected.Type);
        writer.WriteString("personId", projected.PersonId);
        if (projected.OtherPersonId is { } other)
        {
            writer.WriteString("otherPersonId", other);
        }

        writer.WriteString("occurredAt", projected.OccurredAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        if (projected.Type == ChangeEventTypes.Updated)
        {
            writer.WriteStartArray("changedFields");
            foreach (var field in projected.ChangedFields)
            {
                writer.WriteStringValue(field);
            }

            writer.WriteEndArray();
        }

        writer.WriteStartObject("person");
        foreach (var (field, value) in projected.Person)
        {
            writer.WriteString(field, value);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
