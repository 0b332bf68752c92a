using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;

namespace IntegrationHub.Core.Ingest;

/// <summary>
/// A record read from a source and mapped to canonical fields, ready for the master index.
/// <see cref="SourceKey"/> identifies the record within its source (for Dukcapil the NIK, for BPJS the card
/// number, for DJP the NPWP). <see cref="Nik"/> is null when the record carries no valid NIK: such a record is
/// kept, unlinked, until identity matching links it.
/// </summary>
public sealed record SourceRecord(string Source, string SourceKey, Nik? Nik, CanonicalRecord Canonical, string? Location, long? Line)
{
    /// <summary>True when the source issues NIKs (Dukcapil): only such a record creates a person from a NIK nobody holds yet.</summary>
    public bool IsIdentityAuthority { get; init; }

    /// <summary>The content hash of <see cref="Canonical"/>, computed once.</summary>
    public string ContentHash { get; } = Canonical.ContentHash();
}
