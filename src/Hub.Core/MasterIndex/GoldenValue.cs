using IntegrationHub.Core.Canonical;

namespace IntegrationHub.Core.MasterIndex;

/// <summary>A golden field's value and where it came from.</summary>
public sealed record GoldenValue(string Value, Provenance Provenance);
