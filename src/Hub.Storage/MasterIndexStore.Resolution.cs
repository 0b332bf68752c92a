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

    // What resolution did with a record: null when it only updated a person it was already linked to (or kept it in review).
    private async Task<ResolutionAction?> ResolveAndApplyAsync(
        DbConnection connection, DbTransaction transaction, SourceRecord record, Guid runId, DateTimeOffset now, SurvivorshipPolicy policy, CancellationToken cancellationToken)
    {
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ResolutionSql.GetLink, new { record.Source, record.SourceKey }, transaction, cancellationToken: cancellationToken));
        var engine = _resolver.Value.Engine;
        if (link is { state: LinkState.Linked, person_id: not null })
        {
            // Decided before (automatically or by hand): a new version of the record stays with its person.
            var linked = SqlDialect.ReadId(link.person_id);
            var personId = await FollowMergesAsync(connection, transaction, linked, cancellationToken);
            await ApplyToPersonAsync(connection, transaction, record, personId, runId, now, policy, link.decision_id, engine.BlockingKeys(engine.Prepare(IdentityResolver.FieldsOf(record))), cancellationToken);
            if (personId != linked)
            {
                await UpsertLinkAsync(connection, transaction, record.Source, record.SourceKey, personId, LinkState.Linked, link.method, link.decision_id, now, cancellationToken);
            }

            return null;
        }

        if (link is { state: LinkState.Review })
        {
            await InsertSourceRecordAsync(connection, transaction, record, null, runId, now, cancellationToken);
            return null;
        }

        var fields = IdentityResolver.FieldsOf(record);
        var prepared = engine.Prepare(fields);
        var keys = engine.BlockingKeys(prepared);
        var ruledOut = await RuledOutAsync(connection, transaction, record.Source, record.SourceKey, cancellationToken);
        var holder = record.Nik is { } nik ? await FindHolderAsync(connection, transaction, nik.Value, cancellationToken) : null;
        if (holder is not null && ruledOut.Contains(holder.PersonId))
        {
            holder = null;
        }

        var candidates = await FindCandidatesAsync(connection, transaction, keys, ruledOut, cancellationToken);
        var resolution = _resolver.Value.Resolve(record, prepared, holder, candidates);
        var modelVersion = engine.Model.Version;
        switch (resolution.Action)
        {
            case ResolutionAction.Link:
            {
                var personId = resolution.PersonId!.Value;
                if (resolution.ClaimsNik && record.Nik is { } claimed)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        ResolutionSql.ClaimNik, new { PersonId = _dialect.Id(personId), Nik = claimed.Value }, transaction, cancellationToken: cancellationToken));
                }

                var recordId = await InsertSourceRecordAsync(connection, transaction, record, personId, runId, now, cancellationToken);
                var decisionId = await InsertDecisionAsync(connection, transaction, record, recordId, personId, "link", resolution.Method, resolution.Best?.Score, modelVersion, null, null, runId, now, cancellationToken);
                await ApplyChangesAsync(connection, transaction, record, personId, recordId, runId, now, policy, decisionId, keys, isNew: false, cancellationToken);
                await UpsertLinkAsync(connection, transaction, record.Source, record.SourceKey, personId, LinkState.Linked, resolution.Method, decisionId, now, cancellationToken);
                await InsertEventAsync(connection, transaction, personId, "linked", record.Source, record.SourceKey, null, decisionId, null, null, null, now, cancellationToken);

                // A linked record may still carry a NIK another person holds: that pair is reviewed too.
                await RaiseReviewsAsync(connection, transaction, record, recordId, resolution, modelVersion, runId, now, cancellationToken);
                return resolution.Action;
            }

            case ResolutionAction.Create:
            {
                var givesNik = record.IsIdentityAuthority && record.Nik is not null && holder is null;
                var personId = await CreatePersonAsync(connection, transaction, givesNik ? record.Nik!.Value.Value : null, now, cancellationToken);
                var recordId = await InsertSourceRecordAsync(connection, transaction, record, personId, runId, now, cancellationToken);
                var decisionId = await InsertDecisionAsync(connection, transaction, record, recordId, personId, "new", resolution.Method, resolution.Best?.Score, modelVersion, null, null, runId, now, cancellationToken);
                await ApplyChangesAsync(connection, transaction, record, personId, recordId, runId, now, policy, decisionId, keys, isNew: true, cancellationToken);
                await UpsertLinkAsync(connection, transaction, record.Source, record.SourceKey, personId, LinkState.Linked, resolution.Method, decisionId, now, cancellationToken);
                await InsertEventAsync(connection, transaction, personId, "created", record.Source, record.SourceKey, null, decisionId, null, null, null, now, cancellationToken);
                await RaiseReviewsAsync(connection, transaction, record, recordId, resolution, modelVersion, runId, now, cancellationToken);
                return resolution.Action;
            }

            case ResolutionAction.Review:
            {
                var recordId = await InsertSourceRecordAsync(connection, transaction, record, null, runId, now, cancellationToken);
                var decisionId = await InsertDecisionAsync(connection, transaction, record, recordId, resolution.Best?.Candidate.PersonId, "review", resolution.Method, resolution.Best?.Score, modelVersion, null, null, runId, now, cancellationToken);
                await UpsertLinkAsync(connection, transaction, record.Source, record.SourceKey, null, LinkState.Review, resolution.Method, decisionId, now, cancellationToken);
                await RaiseReviewsAsync(connection, transaction, record, recordId, resolution, modelVersion, runId, now, cancellationToken);
                return resolution.Action;
            }
        }

        throw new InvalidOperationException($"Unknown resolution action {resolution.Action}.");
    }

    private async Task RaiseReviewsAsync(
        DbConnection connection, DbTransaction transaction, SourceRecord record, long recordId, Resolution resolution, string modelVersion, Guid runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var review in resolution.Reviews)
        {
            var kind = ReviewKinds.ToText(review.Kind);
            var candidate = review.Candidate;
            var decisionId = await InsertDecisionAsync(connection, transaction, record, recordId, candidate.Candidate.PersonId, kind, "auto", candidate.Score, modelVersion, null, null, runId, now, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                ResolutionSql.InsertReview,
                new
                {
                    Kind = kind,
                    record.Source,
                    record.SourceKey,
                    SourceRecordId = recordId,
                    PersonId = _dialect.Id(candidate.Candidate.PersonId),
                    DecisionId = decisionId,
                    candidate.Score.Weight,
                    candidate.Score.Probability,
                    CreatedAt = _dialect.Time(now),
                },
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    // Inserts the record's version linked to a person and applies it to the golden record.
    private async Task ApplyToPersonAsync(
        DbConnection connection, DbTransaction transaction, SourceRecord record, Guid personId, Guid runId, DateTimeOffset now, SurvivorshipPolicy policy, long? decisionId,
        IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var recordId = await InsertSourceRecordAsync(connection, transaction, record, personId, runId, now, cancellationToken);
        await ApplyChangesAsync(connection, transaction, record, personId, recordId, runId, now, policy, decisionId, keys, isNew: false, cancellationToken);
    }

    private async Task ApplyChangesAsync(
        DbConnection connection, DbTransaction transaction, SourceRecord record, Guid personId, long recordId, Guid runId, DateTimeOffset now, SurvivorshipPolicy policy,
        long? decisionId, IReadOnlyList<string> keys, bool isNew, CancellationToken cancellationToken)
    {
        var current = isNew ? null : await LoadFieldsAsync(connection, transaction, personId, cancellationToken);
        var changes = GoldenRecordMerger.Changes(current, record, runId, now, policy, recordId);
        if (changes.Count > 0 && !isNew)
        {
            var overridden = (await connection.QueryAsync<string>(new CommandDefinition(
                ResolutionSql.OverriddenFields, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
            if (overridden.Count > 0)
            {
                changes = changes.Where(c => !overridden.Contains(c.Path)).ToList();
            }
        }

        await WriteFieldsAsync(connection, transaction, personId, changes, decisionId, cancellationToken);
        if (changes.Count > 0 && !isNew)
        {
            RecordFieldChanges(transaction, personId, changes, now); // change feed (MasterIndexStore.Feed.cs)
            await connection.ExecuteAsync(new CommandDefinition(
                Sql.TouchPerson, new { PersonId = _dialect.Id(personId), UpdatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
        }

        await AddBlockingKeysAsync(connection, transaction, personId, keys, cancellationToken);
    }

    // One multi-row statement per record instead of one per field: on both engines the per-statement cost, not the
    // rows, dominates a record's write.
    private async Task WriteFieldsAsync(DbConnection connection, DbTransaction transaction, Guid personId, IReadOnlyList<FieldChange> changes, long? decisionId, CancellationToken cancellationToken)
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

    private async Task AddBlockingKeysAsync(DbConnection connection, DbTransaction transaction, Guid personId, IReadOnlyList<string> keys, CancellationToken cancellationToken)
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

    private async Task<long> InsertSourceRecordAsync(DbConnection connection, DbTransaction transaction, SourceRecord record, Guid? personId, Guid runId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            _insertSourceRecordSql, SourceRecordParameters(record, personId, _dialect.Id(runId), now), transaction, cancellationToken: cancellationToken));

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

    private static async Task<HashSet<Guid>> RuledOutAsync(DbConnection connection, DbTransaction transaction, string source, string sourceKey, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<IdRow>(new CommandDefinition(
            ResolutionSql.RuledOut, new { Source = source, SourceKey = sourceKey }, transaction, cancellationToken: cancellationToken));
        return rows.Select(r => SqlDialect.ReadId(r.person_id)).ToHashSet();
    }

    private async Task<MatchCandidate?> FindHolderAsync(DbConnection connection, DbTransaction transaction, string nik, CancellationToken cancellationToken)
    {
        var id = await connection.ExecuteScalarAsync<object>(new CommandDefinition(Sql.FindPersonIdByNik, new { Nik = nik }, transaction, cancellationToken: cancellationToken));
        if (id is null or DBNull)
        {
            return null;
        }

        var personId = await FollowMergesAsync(connection, transaction, SqlDialect.ReadId(id), cancellationToken);
        var found = await LoadCandidatesAsync(connection, transaction, [personId], cancellationToken);
        return found.Count == 1 ? found[0] : null;
    }

    private async Task<IReadOnlyList<MatchCandidate>> FindCandidatesAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<string> keys, HashSet<Guid> ruledOut, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var rows = _dialect.Provider == DatabaseProvider.Postgres
            ? await connection.QueryAsync<IdRow>(new CommandDefinition(ResolutionSql.CandidatesPostgres, new { Keys = keys.ToArray(), Limit = MaxCandidates }, transaction, cancellationToken: cancellationToken))
            : await connection.QueryAsync<IdRow>(new CommandDefinition(ResolutionSql.CandidatesSqlite, new { Keys = keys, Limit = MaxCandidates }, transaction, cancellationToken: cancellationToken));
        var ids = rows.Select(r => SqlDialect.ReadId(r.person_id)).Where(id => !ruledOut.Contains(id)).ToList();
        return ids.Count == 0 ? [] : await LoadCandidatesAsync(connection, transaction, ids, cancellationToken);
    }

    private async Task<IReadOnlyList<MatchCandidate>> LoadCandidatesAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        IEnumerable<CandidateFieldRow> rows = _dialect.Provider == DatabaseProvider.Postgres
            ? await connection.QueryAsync<CandidateFieldRow>(new CommandDefinition(ResolutionSql.CandidateFieldsPostgres, new { Ids = ids.ToArray() }, transaction, cancellationToken: cancellationToken))
            : await connection.QueryAsync<CandidateFieldRow>(new CommandDefinition(ResolutionSql.CandidateFieldsSqlite, new { Ids = ids.Select(i => _dialect.Id(i)).ToList() }, transaction, cancellationToken: cancellationToken));
        var byPerson = new Dictionary<Guid, (string? Nik, Dictionary<string, string?> Fields)>();
        foreach (var row in rows)
        {
            var id = SqlDialect.ReadId(row.person_id);
            if (!byPerson.TryGetValue(id, out var entry))
            {
                entry = (row.nik, new Dictionary<string, string?>(StringComparer.Ordinal));
                byPerson[id] = entry;
            }

            if (row.field is not null)
            {
                entry.Fields[row.field] = row.value;
            }
        }

        return byPerson.Select(kv => new MatchCandidate(kv.Key, kv.Value.Nik, kv.Value.Fields)).ToList();
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class LinkRow
    {
        public object? person_id { get; set; }

        public string state { get; set; } = default!;

        public string method { get; set; } = default!;

        public long? decision_id { get; set; }
    }

    private sealed class IdRow
    {
        public object person_id { get; set; } = default!;
    }

    private sealed class CandidateFieldRow
    {
        public object person_id { get; set; } = default!;

        public string? nik { get; set; }

        public string? field { get; set; }

        public string? value { get; set; }
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

        public const string ClaimNik = "UPDATE person SET nik = @Nik WHERE person_id = @PersonId AND nik IS NULL";

        public const string MergedInto = "SELECT merged_into FROM person WHERE person_id = @PersonId AND status = 'merged'";

        public const string RuledOut = "SELECT person_id FROM not_a_match WHERE source = @Source AND source_key = @SourceKey";

        public const string OverriddenFields = "SELECT field FROM field_override WHERE person_id = @PersonId";

        // The persons sharing the most keys first, so that the cap keeps the likeliest and both engines keep the same.
        public const string CandidatesSqlite = """
            SELECT b.person_id FROM person_block b JOIN person p ON p.person_id = b.person_id
             WHERE b.block_key IN @Keys AND p.status = 'active'
             GROUP BY b.person_id ORDER BY COUNT(*) DESC, b.person_id LIMIT @Limit
            """;

        // The persons sharing the most keys first, so that the cap keeps the likeliest and both engines keep the same.
        public const string CandidatesPostgres = """
            SELECT b.person_id FROM person_block b JOIN person p ON p.person_id = b.person_id
             WHERE b.block_key = ANY(@Keys) AND p.status = 'active'
             GROUP BY b.person_id ORDER BY COUNT(*) DESC, b.person_id LIMIT @Limit
            """;

        public const string CandidateFieldsSqlite = """
            SELECT p.person_id, p.nik, f.field, f.value FROM person p LEFT JOIN person_field f ON f.person_id = p.person_id
             WHERE p.person_id IN @Ids AND p.status = 'active'
            """;

        public const string CandidateFieldsPostgres = """
            SELECT p.person_id, p.nik, f.field, f.value FROM person p LEFT JOIN person_field f ON f.person_id = p.person_id
             WHERE p.person_id = ANY(@Ids) AND p.status = 'active'
            """;

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
