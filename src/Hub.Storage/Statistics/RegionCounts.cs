namespace IntegrationHub.Storage.Statistics;

/// <summary>The measures the open statistics count per region, in the order of <see cref="RegionCounts.Values"/>.</summary>
public static class StatisticsMeasures
{
    /// <summary>Persons in the master index (alive and deceased).</summary>
    public const string Persons = "persons";

    /// <summary>Persons whose golden <c>vital.status</c> is <c>deceased</c>.</summary>
    public const string Deceased = "deceased";

    /// <summary>Persons with a BPJS Kesehatan card number (<c>bpjs.cardNumber</c>).</summary>
    public const string BpjsMembers = "bpjsMembers";

    /// <summary>Persons with an NPWP (<c>npwp</c>).</summary>
    public const string NpwpHolders = "npwpHolders";

    /// <summary>All measures; the first, persons, contains each of the others.</summary>
    public static IReadOnlyList<string> All { get; } = [Persons, Deceased, BpjsMembers, NpwpHolders];
}

/// <summary>
/// Exact counts for one regency (or, when <see cref="RegencyCode"/> is null, the persons of a province whose
/// regency is not known), from the golden address of each person. Not for publication as they are: see
/// <see cref="CellSuppression"/>.
/// </summary>
public sealed record RegionCounts(string? ProvinceCode, string? RegencyCode, long Persons, long Deceased, long BpjsMembers, long NpwpHolders)
{
    /// <summary>The counts in the order of <see cref="StatisticsMeasures.All"/>.</summary>
    public long[] Values => [Persons, Deceased, BpjsMembers, NpwpHolders];
}
