namespace IntegrationHub.Core.MasterIndex;

/// <summary>
/// A person in the master index: the surviving value of each canonical field with its lineage.
/// <see cref="Nik"/> is null for a person the hub knows only from records without a valid NIK.
/// </summary>
public sealed record GoldenRecord(
    Guid PersonId,
    string? Nik,
    IReadOnlyDictionary<string, GoldenValue> Fields,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
