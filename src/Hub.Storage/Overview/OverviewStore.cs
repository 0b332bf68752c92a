using Dapper;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage.Overview;

/// <summary>Counts for the operations console's overview page; read-only, the same SQL on SQLite and PostgreSQL.</summary>
public sealed class OverviewStore(HubDatabase database)
{
    private const string CountsSql = """
        SELECT (SELECT COUNT(*) FROM person WHERE status = 'active') AS persons,
               (SELECT COUNT(*) FROM review_item WHERE status = 'open') AS open_reviews,
               (SELECT COUNT(*) FROM quarantine WHERE status = 'open') AS open_quarantine
        """;

    // source_link holds one row per source key the hub has accepted, whatever became of it.
    private const string SourcesSql = """
        SELECT source,
               COUNT(*) AS records,
               SUM(CASE WHEN state = 'review' THEN 1 ELSE 0 END) AS in_review
          FROM source_link
         GROUP BY source
         ORDER BY source
        """;

    private const string RunsSql = """
        SELECT run_id, source, location, status, accepted_count, unchanged_count, quarantined_count, started_at, finished_at, error
          FROM ingest_run
         ORDER BY started_at DESC, run_id DESC
         LIMIT @Limit
        """;

    /// <summary>Persons, records per source, the open review queue and quarantine, and the latest <paramref name="runLimit"/> ingest runs (newest first).</summary>
    public async Task<HubOverview> ReadAsync(int runLimit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(runLimit, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<CountsRow>(new CommandDefinition(CountsSql, cancellationToken: cancellationToken));
        var sources = await connection.QueryAsync<SourceRow>(new CommandDefinition(SourcesSql, cancellationToken: cancellationToken));
        var runs = await connection.QueryAsync<RunRow>(new CommandDefinition(RunsSql, new { Limit = runLimit }, cancellationToken: cancellationToken));
        return new HubOverview(
            counts.persons,
            counts.open_reviews,
            counts.open_quarantine,
            sources.Select(s => new SourceRecordCount(s.source, s.records, s.in_review)).ToList(),
            runs.Select(r => new RunSummary(
                SqlDialect.ReadId(r.run_id),
                r.source,
                r.location,
                r.status,
                r.accepted_count,
                r.unchanged_count,
                r.quarantined_count,
                SqlDialect.ReadTime(r.started_at),
                SqlDialect.ReadNullableTime(r.finished_at),
                r.error)).ToList());
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class CountsRow
    {
        public long persons { get; set; }

        public long open_reviews { get; set; }

        public long open_quarantine { get; set; }
    }

    private sealed class SourceRow
    {
        public string source { get; set; } = "";

        public long records { get; set; }

        public long in_review { get; set; }
    }

    private sealed class RunRow
    {
        public object run_id { get; set; } = "";

        public string source { get; set; } = "";

        public string? location { get; set; }

        public string status { get; set; } = "";

        public long accepted_count { get; set; }

        public long unchanged_count { get; set; }

        public long quarantined_count { get; set; }

        public object started_at { get; set; } = "";

        public object? finished_at { get; set; }

        public string? error { get; set; }
    }
#pragma warning restore IDE1006, CA1812
}

/// <summary>What the overview page shows.</summary>
/// <param name="Persons">Active persons in the master index (not merged into another, not retired).</param>
/// <param name="OpenReviews">Review items waiting for a decision.</param>
/// <param name="OpenQuarantine">Quarantined rows not yet re-processed.</param>
/// <param name="Sources">Accepted source keys per source.</param>
/// <param name="RecentRuns">The latest ingest runs, newest first.</param>
public sealed record HubOverview(long Persons, long OpenReviews, long OpenQuarantine, IReadOnlyList<SourceRecordCount> Sources, IReadOnlyList<RunSummary> RecentRuns);

/// <summary>Records (distinct source keys) the hub holds from one source, and how many of them wait in review.</summary>
public sealed record SourceRecordCount(string Source, long Records, long InReview);

/// <summary>One ingest run's counts and times.</summary>
public sealed record RunSummary(
    Guid RunId, string Source, string? Location, string Status, long Accepted, long Unchanged, long Quarantined, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string? Error);
