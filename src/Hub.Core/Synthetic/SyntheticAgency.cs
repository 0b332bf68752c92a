namespace IntegrationHub.Core.Synthetic;

/// <summary>The agencies a synthetic population is rendered for.</summary>
public enum SyntheticAgency
{
    /// <summary>The civil registry: every resident, the NIK authority.</summary>
    Dukcapil,

    /// <summary>BPJS Kesehatan, the national health insurance.</summary>
    Bpjs,

    /// <summary>DJP, the tax directorate.</summary>
    Djp,
}

/// <summary>Names of <see cref="SyntheticAgency"/> values as the hub's sources are named.</summary>
public static class SyntheticAgencies
{
    /// <summary><c>dukcapil</c>, <c>bpjs</c> or <c>djp</c>.</summary>
    public static string Name(SyntheticAgency agency) => agency switch
    {
        SyntheticAgency.Dukcapil => "dukcapil",
        SyntheticAgency.Bpjs => "bpjs",
        SyntheticAgency.Djp => "djp",
        _ => throw new ArgumentOutOfRangeException(nameof(agency), agency, null),
    };
}
