using System.Data.Common;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

// Identity resolution inside a batch: every statement runs in the batch's transaction, so a record's link, its
// decision, its review items and its golden-record changes commit together with the batch or not at all.
internal sealed partial class MasterIndexStore
{
    // A blocking key shared by more people than this says little; capping what one record may pull in keeps
    // the cost per record flat however large the index grows.
    private const int MaxCandidates = 200;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    // One multi-row statement per record instead of one per field: on both engines the per-statement cost, not the
    // rows, dominates a record's write.
    private async Task WriteFieldsAsync(DbConnection connection, DbTransaction transaction, Guid personId, List<FieldChange> changes, long? decisionId, CancellationToken cancellationToken)
    {
        if (changes.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        parameters.Add("PersonId", _dialect.Id(personId));
        parameters.Add("DecisionId", decisionId);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var p = change.Provenance;
            parameters.Add($"f{i}", change.Path);
            parameters.Add($"v{i}", change.NewValue);
            parameters.Add($"s{i}", p.Source);
            parameters.Add($"k{i}", p.SourceKey);
            parameters.Add($"r{i}", p.SourceRecordId);
            parameters.Add($"u{i}", _dialect.Id(p.RunId));
            parameters.Add($"l{i}", p.Location);
            parameters.Add($"n{i}", p.Line);
            parameters.Add($"t{i}", _dialect.Time(p.ReceivedAt));
            parameters.Add($"m{i}", p.Rule);
        }

        await connection.ExecuteAsync(new CommandDefinition(MultiRowSql.UpsertFields(changes.Count), parameters, transaction, cancellationToken: cancellationToken));
    }

    private async Task AddBlockingKeysAsync(DbConnection connection, DbTransaction transaction, Guid personId, List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        parameters.Add("PersonId", _dialect.Id(personId));
        for (var i = 0; i < keys.Count; i++)
        {
            parameters.Add($"b{i}", keys[i]);
        }

        await connection.ExecuteAsync(new CommandDefinition(MultiRowSql.InsertBlockingKeys(keys.Count), parameters, transaction, cancellationToken: cancellationToken));
    }

    private async Task<Guid> CreatePersonAsync(DbConnection connection, DbTransaction transaction, string? nik, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var personId = Guid.CreateVersion7(now);
        await connection.ExecuteAsync(new CommandDefinition(
            Sql.InsertPerson, new { PersonId = _dialect.Id(personId), Nik = nik, CreatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
        return personId;
    }

    private async Task<long> InsertDecisionAsync(
        DbConnection connection, DbTransaction? transaction, SourceRecord record, long? recordId, Guid? personId, string outcome, string method, MatchScore? score,
        string? modelVersion, string? actor, string? reason, Guid? runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await InsertDecisionAsync(connection, transaction, record.Source, record.SourceKey, recordId, personId, outcome, method, score, modelVersion, actor, reason, runId, now, cancellationToken);

    private async Task<long> InsertDecisionAsync(
        DbConnection connection, DbTransaction? transaction, string source, string sourceKey, long? recordId, Guid? personId, string outcome, string method, MatchScore? score,
        string? modelVersion, string? actor, string? reason, Guid? runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            _dialect.Provider == DatabaseProvider.Postgres ? ResolutionSql.InsertDecisionPostgres : ResolutionSql.InsertDecisionSqlite,
            new
            {
                Source = source,
                SourceKey = sourceKey,
                SourceRecordId = recordId,
                PersonId = personId is { } p ? _dialect.Id(p) : null,
                Outcome = outcome,
                Method = method,
                Weight = score?.Weight,
                Probability = score?.Probability,
                Breakdown = score is null ? null : JsonSerializer.Serialize(score.Breakdown, s_json),
                ModelVersion = score is null ? null : modelVersion,
                Actor = actor,
                Reason = reason,
                RunId = runId is { } r ? _dialect.Id(r) : null,
                CreatedAt = _dialect.Time(now),
            },
            transaction,
            cancellationToken: cancellationToken));

    private async Task UpsertLinkAsync(
        DbConnection connection, DbTransaction transaction, string source, string sourceKey, Guid? personId, string state, string method, long? decisionId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition(
            ResolutionSql.UpsertLink,
            new { Source = source, SourceKey = sourceKey, PersonId = personId is { } p ? _dialect.Id(p) : null, State = state, Method = method, DecisionId = decisionId, UpdatedAt = _dialect.Time(now) },
            transaction,
            cancellationToken: cancellationToken));

    private async Task<long> InsertEventAsync(
        DbConnection connection, DbTransaction transaction, Guid personId, string kind, string? source, string? sourceKey, Guid? other, long? decisionId, string? actor, string? reason,
        string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RecordHistoryChange(transaction, personId, kind, other, detail, now); // change feed (MasterIndexStore.Feed.cs)
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            _dialect.Provider == DatabaseProvider.Postgres ? ResolutionSql.InsertEventPostgres : ResolutionSql.InsertEventSqlite,
            new
            {
                PersonId = _dialect.Id(personId),
                Kind = kind,
                Source = source,
                SourceKey = sourceKey,
                OtherPersonId = other is { } o ? _dialect.Id(o) : null,
                DecisionId = decisionId,
                Actor = actor,
                Reason = reason,
                Detail = detail,
                CreatedAt = _dialect.Time(now),
            },
            transaction,
            cancellationToken: cancellationToken));
    }

    private async Task<Guid> FollowMergesAsync(DbConnection connection, DbTransaction? transaction, Guid personId, CancellationToken cancellationToken)
    {
        var current = personId;
        for (var hops = 0; hops < 64; hops++)
        {
            var next = await connection.ExecuteScalarAsync<object>(new CommandDefinition(
                ResolutionSql.MergedInto, new { PersonId = _dialect.Id(current) }, transaction, cancellationToken: cancellationToken));
            if (next is null or DBNull)
            {
                return current;
            }

            current = SqlDialect.ReadId(next);
        }

        throw new InvalidOperationException("A merge chain is longer than 64 persons; the index is inconsistent.");
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class LinkRow
    {
        public object? person_id { get; set; }

        public string state { get; set; } = default!;

        public string method { get; set; } = default!;

        public long? decision_id { get; set; }
    }

#pragma warning restore IDE1006, CA1812

    private static class LinkState
    {
        public const string Linked = "linked";
        public const string Review = "review";
    }

    private static class ResolutionSql
    {
        public const string GetLink = "SELECT person_id, state, method, decision_id FROM source_link WHERE source = @Source AND source_key = @SourceKey";

        public const string UpsertLink = """
            INSERT INTO source_link (source, source_key, person_id, state, method, decision_id, updated_at)
            VALUES (@Source, @SourceKey, @PersonId, @State, @Method, @DecisionId, @UpdatedAt)
            ON CONFLICT (source, source_key) DO UPDATE
               SET person_id = excluded.person_id, state = excluded.state, method = excluded.method,
                   decision_id = excluded.decision_id, updated_at = excluded.updated_at
            """;

        public const string LatestRecordId = "SELECT MAX(record_id) FROM source_record WHERE source = @Source AND source_key = @SourceKey";

        public const string MergedInto = "SELECT merged_into FROM person WHERE person_id = @PersonId AND status = 'merged'";

        private const string DecisionColumns = """
            INSERT INTO match_decision (source, source_key, source_record_id, person_id, outcome, method, weight, probability, breakdown, model_version, actor, reason, run_id, created_at)
            """;

        public const string InsertDecisionSqlite = DecisionColumns + """

            VALUES (@Source, @SourceKey, @SourceRecordId, @PersonId, @Outcome, @Method, @Weight, @Probability, @Breakdown, @ModelVersion, @Actor, @Reason, @RunId, @CreatedAt)
            RETURNING decision_id
            """;

        public const string InsertDecisionPostgres = DecisionColumns + """

            VALUES (@Source, @SourceKey, @SourceRecordId, @PersonId, @Outcome, @Method, @Weight, @Probability, CAST(@Breakdown AS jsonb), @ModelVersion, @Actor, @Reason, @RunId, @CreatedAt)
            RETURNING decision_id
            """;

        public const string InsertReview = """
            INSERT INTO review_item (kind, source, source_key, source_record_id, person_id, decision_id, weight, probability, status, created_at)
            VALUES (@Kind, @Source, @SourceKey, @SourceRecordId, @PersonId, @DecisionId, @Weight, @Probability, 'open', @CreatedAt)
            ON CONFLICT DO NOTHING
            """;

        private const string EventColumns = """
            INSERT INTO person_event (person_id, kind, source, source_key, other_person_id, decision_id, actor, reason, detail, created_at)
            """;

        public const string InsertEventSqlite = EventColumns + """

            VALUES (@PersonId, @Kind, @Source, @SourceKey, @OtherPersonId, @DecisionId, @Actor, @Reason, @Detail, @CreatedAt)
            RETURNING event_id
            """;

        public const string InsertEventPostgres = EventColumns + """

            VALUES (@PersonId, @Kind, @Source, @SourceKey, @OtherPersonId, @DecisionId, @Actor, @Reason, CAST(@Detail AS jsonb), @CreatedAt)
            RETURNING event_id
            """;
    }
}

/// <summary>
/// Multi-row statements, made once per row count and kept. Only parameter placeholders vary; every value is bound.
/// </summary>
internal static class MultiRowSql
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> s_fields = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, string> s_keys = new();

    public static string UpsertFields(int rows) => s_fields.GetOrAdd(rows, n =>
    {
        var sql = new System.Text.StringBuilder(
            "INSERT INTO person_field (person_id, field, value, source, source_key, source_record_id, run_id, location, line, received_at, rule, decision_id) VALUES ");
        for (var i = 0; i < n; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture,
                $"(@PersonId, @f{i}, @v{i}, @s{i}, @k{i}, @r{i}, @u{i}, @l{i}, @n{i}, @t{i}, @m{i}, @DecisionId)");
        }

        sql.Append("""
             ON CONFLICT (person_id, field) DO UPDATE
               SET value = excluded.value, source = excluded.source, source_key = excluded.source_key,
                   source_record_id = excluded.source_record_id, run_id = excluded.run_id, location = excluded.location,
                   line = excluded.line, received_at = excluded.received_at, rule = excluded.rule, decision_id = excluded.decision_id
            """);
        return sql.ToString();
    });

    public static string InsertBlockingKeys(int rows) => s_keys.GetOrAdd(rows, n =>
    {
        var sql = new System.Text.StringBuilder("INSERT INTO person_block (block_key, person_id) VALUES ");
        for (var i = 0; i < n; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(System.Globalization.CultureInfo.InvariantCulture, $"(@b{i}, @PersonId)");
        }

        return sql.Append(" ON CONFLICT DO NOTHING").ToString();
    });
}

/// <summary>The review kinds as stored.</summary>
internal static class ReviewKinds
{
    public static string ToText(ReviewKind kind) => kind switch
    {
        ReviewKind.ProbableMatch => "probable-match",
        ReviewKind.NikGanda => "nik-ganda",
        ReviewKind.PossibleDuplicate => "possible-duplicate",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static ReviewKind Parse(string text) => text switch
    {
        "probable-match" => ReviewKind.ProbableMatch,
        "nik-ganda" => ReviewKind.NikGanda,
        "possible-duplicate" => ReviewKind.PossibleDuplicate,
        _ => throw new ArgumentOutOfRangeException(nameof(text), text, "Unknown review kind."),
    };
}
