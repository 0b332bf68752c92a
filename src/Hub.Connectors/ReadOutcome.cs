using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Connectors;

/// <summary>What became of one record read from a source: a mapped record, or a quarantined row. Exactly one is set.</summary>
public readonly record struct ReadOutcome
{
    private ReadOutcome(SourceRecord? record, QuarantinedRow? quarantined)
    {
        Record = record;
        Quarantined = quarantined;
    }

    /// <summary>The mapped record, when the row was accepted by the mapper.</summary>
    public SourceRecord? Record { get; }

    /// <summary>The quarantined row, when it was not.</summary>
    public QuarantinedRow? Quarantined { get; }

    public static ReadOutcome Accept(SourceRecord record) => new(record ?? throw new ArgumentNullException(nameof(record)), null);

    public static ReadOutcome Quarantine(QuarantinedRow row) => new(null, row ?? throw new ArgumentNullException(nameof(row)));
}
