namespace IntegrationHub.Core.Feeds;

/// <summary>The change-event types the master index emits (see schemas/canonical/change-event.schema.json).</summary>
public static class ChangeEventTypes
{
    /// <summary>A new person entered the index.</summary>
    public const string Created = "person.created";

    /// <summary>Golden-record fields changed; the event lists them in <c>changedFields</c>.</summary>
    public const string Updated = "person.updated";

    /// <summary>The person's vital status turned to deceased.</summary>
    public const string Deceased = "person.deceased";

    /// <summary>A source record was linked to the person.</summary>
    public const string Linked = "person.linked";

    /// <summary>A source record was unlinked from the person.</summary>
    public const string Unlinked = "person.unlinked";

    /// <summary>Two persons were merged; sent for the survivor and for the absorbed person (with <c>otherPersonId</c>).</summary>
    public const string Merged = "person.merged";

    /// <summary>A merge was undone; sent for both persons.</summary>
    public const string Unmerged = "person.unmerged";

    /// <summary>A person left with no linked records was retired.</summary>
    public const string Retired = "person.retired";

    /// <summary>Every type, for validation of a subscription's list.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Created, Updated, Deceased, Linked, Unlinked, Merged, Unmerged, Retired,
    };

    /// <summary>The feed type for a person-history kind the identity operations record, or null when it has none.</summary>
    public static string? FromHistoryKind(string kind) => kind switch
    {
        "created" => Created,
        "linked" => Linked,
        "unlinked" => Unlinked,
        "merged" or "merged-into" => Merged,
        "unmerged" => Unmerged,
        "override" or "override-cleared" => Updated,
        "retired" => Retired,
        _ => null,
    };
}
