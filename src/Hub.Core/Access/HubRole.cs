namespace IntegrationHub.Core.Access;

/// <summary>What a client of the hub may do. A client holds one or more roles; nothing is allowed without one.</summary>
public enum HubRole
{
    /// <summary>An agency receiving data: lookups, search, verification and its own feeds, within its policies.</summary>
    Subscriber = 1,

    /// <summary>An integration engineer: connectors, runs, quarantine and the review queue.</summary>
    Engineer,

    /// <summary>An auditor: lineage and access reports and audit verification, each read naming a purpose.</summary>
    Auditor,

    /// <summary>An operator: clients, keys, policies and subscriptions, and everything an engineer may do.</summary>
    Admin,
}
