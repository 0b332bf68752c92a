using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Worker.Ingest;

/// <summary>What an ingest run did: its id, status, counts and the rows it quarantined.</summary>
/// <remarks><see cref="AlreadyQuarantined"/> counts bad rows (included in unchanged) that an earlier run had already quarantined.</remarks>
public sealed record IngestSummary(Guid RunId, string Source, string Location, RunStatus Status, RunCounts Counts, long AlreadyQuarantined, IReadOnlyList<QuarantinedRow> Quarantined, TimeSpan Elapsed);

/// <summary>Progress of a run: records handled so far, and how far through the current input it is (0–1) when the source can tell.</summary>
public readonly record struct IngestProgress(RunCounts Counts, double? Fraction, string? Current);
