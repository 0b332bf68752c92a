using System.Collections.Concurrent;
using IntegrationHub.Core.Audit;

namespace IntegrationHub.Worker.Access;

/// <summary>
/// PLACEHOLDER until the hash-chained audit log is merged: keeps appended entries in memory (lost at exit), so that
/// every call site is in place and tests can see what would be recorded. It is registered in one place
/// (<see cref="AccessAdministration.AuditLogFactory"/> and the API's service registration) and replaced there.
/// </summary>
public sealed class PlaceholderAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEvent> _entries = new();
    private long _sequence;

    /// <summary>Everything appended so far, in order.</summary>
    public IReadOnlyList<AuditEvent> Entries => [.. _entries];

    /// <inheritdoc/>
    public ValueTask<long> AppendAsync(AuditEvent entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        cancellationToken.ThrowIfCancellationRequested();
        _entries.Enqueue(entry);
        return ValueTask.FromResult(Interlocked.Increment(ref _sequence));
    }
}
