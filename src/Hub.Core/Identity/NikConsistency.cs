namespace IntegrationHub.Core.Identity;

/// <summary>Whether a record's own birth date and sex agree with what its NIK encodes.</summary>
public readonly record struct NikConsistency(bool BirthDateAgrees, bool SexAgrees)
{
    /// <summary>True when nothing contradicts the NIK.</summary>
    public bool Agrees => BirthDateAgrees && SexAgrees;
}
