using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Connectors.Contract;

/// <summary>
/// A source of agency records: it declares its configuration, checks its connection, lists its streams, and
/// reads batches from a cursor, returning the cursor to resume from. The hub commits that cursor atomically
/// with the batch's effects, so after a crash a source is asked again from the last committed cursor and at
/// most the uncommitted batch is read twice (which changes nothing: records are idempotent by key and content).
/// </summary>
public interface ISourceConnector
{
    /// <summary>The kind of source (e.g. <c>csv-file</c>, <c>rest-json</c>, <c>sql-table</c>); its configuration schema is <c>schemas/connectors/{Kind}.schema.json</c>.</summary>
    string Kind { get; }

    /// <summary>Checks that the source can be reached with the configuration given, without reading records.</summary>
    Task<ConnectionCheck> CheckConnectionAsync(CancellationToken cancellationToken);

    /// <summary>The streams (files, endpoints, tables) this source offers.</summary>
    Task<IReadOnlyList<SourceFeed>> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads up to <paramref name="maxRecords"/> records of <paramref name="feed"/> after <paramref name="cursor"/>.
    /// Throws <see cref="ConnectorException"/> for failures, saying whether a retry may help.
    /// </summary>
    Task<SourceBatch> ReadAsync(SourceFeed feed, SourceCursor cursor, int maxRecords, CancellationToken cancellationToken);
}

/// <summary>The result of a connection check; <see cref="Message"/> never contains a secret.</summary>
public sealed record ConnectionCheck(bool Succeeded, string Message);

/// <summary>A stream of records within a source: a file, an endpoint, a table (named "feed" here: .NET reserves "Stream").</summary>
/// <param name="Name">The stream's name, unique within the source.</param>
/// <param name="Fields">The fields its records carry, when known.</param>
/// <param name="KeyField">The field that identifies a record within the source, when there is one.</param>
public sealed record SourceFeed(string Name, IReadOnlyList<string> Fields, string? KeyField);

/// <summary>An opaque position in a stream; <see cref="Start"/> is before the first record. Connectors own the format.</summary>
public readonly record struct SourceCursor(string? Value)
{
    /// <summary>Before the first record.</summary>
    public static SourceCursor Start => default;

    /// <summary>True for <see cref="Start"/>.</summary>
    public bool IsStart => Value is null;
}

/// <summary>One record as the source gave it: field values by source field name, and where it was.</summary>
/// <param name="Fields">Values by source field name; missing and empty values are null or empty.</param>
/// <param name="Location">File name, endpoint or table the record came from.</param>
/// <param name="Offset">Line in a file, or position in a page or table, when the source has one.</param>
/// <param name="Raw">The record as the source wrote it, kept for quarantine.</param>
public sealed record SourceRow(IReadOnlyDictionary<string, string?> Fields, string Location, long? Offset, string? Raw);

/// <summary>
/// A batch read from a stream: the rows, the records that could not even be read as rows (kept for quarantine),
/// the cursor after them, and whether the stream has nothing more for now.
/// </summary>
public sealed record SourceBatch(IReadOnlyList<SourceRow> Rows, IReadOnlyList<QuarantinedRow> Unreadable, SourceCursor Next, bool Exhausted);

/// <summary>
/// A failure of a connector. <see cref="IsTransient"/> says whether retrying the same call may help (timeouts,
/// 5xx, connection resets, 429) or not (bad credentials, a missing table, a malformed configuration).
/// </summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException) => IsTransient = isTransient;

    public ConnectorException()
    {
    }

    public ConnectorException(string message)
        : base(message)
    {
    }

    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether a retry may help.</summary>
    public bool IsTransient { get; }
}

/// <summary>
/// Implemented by sources that act once the hub has committed a batch: a file source moves a fully read file
/// aside, a queue source acknowledges messages. Called after the commit, never before; a source must also cope
/// with the call never coming (a crash right after the commit), by finishing the work on its next read.
/// </summary>
public interface ISourceCommitListener
{
    /// <summary>The batch ending at <paramref name="cursor"/> is committed.</summary>
    Task CommittedAsync(SourceFeed feed, SourceCursor cursor, CancellationToken cancellationToken);
}
