namespace IntegrationHub.Core.Ingest;

/// <summary>
/// A record that could not be accepted, kept with where it was and why. <see cref="Reason"/> is a stable,
/// machine-readable code (e.g. <c>nik.WrongLength</c>, <c>csv.FieldCount</c>); <see cref="Field"/> names the
/// offending source field when there is one. Quarantined rows are never dropped.
/// </summary>
public sealed record QuarantinedRow(string Source, string? Location, long? Line, string Reason, string? Field, string Message, string? RawRecord)
{
    /// <summary>
    /// The source fields the row was read with, when it could be read as fields (a row the schema or the mapping
    /// refused); kept so that the row can be mapped again after a mapping fix. Null for rows that were not readable.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Fields { get; init; }
}
