using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

internal sealed partial class MasterIndexStore
{
    /// <summary>
    /// The batch path's statements. Reads take the whole batch's keys as one parameter: PostgreSQL arrays
    /// (<c>unnest</c>, <c>= ANY</c>), SQLite a JSON array read with <c>json_each</c>. Writes are <see cref="BulkStatement"/>s.
    /// </summary>
    private static class BatchSql
    {
        // The batch's (source, source_key) pairs as a relation named k.
        public const string PairsPostgres = "unnest(@Sources::text[], @Keys::text[]) AS k(source, source_key)";

        public const string PairsSqlite = "(SELECT json_extract(value, '$[0]') AS source, json_extract(value, '$[1]') AS source_key FROM json_each(@Pairs)) AS k";

        public const string LatestHashes = """
            SELECT k.source, k.source_key,
                   (SELECT r.content_hash FROM source_record r
                     WHERE r.source = k.source AND r.source_key = k.source_key
                     ORDER BY r.record_id DESC LIMIT 1) AS content_hash
              FROM {pairs}
            """;

        public const string Links = """
            SELECT l.source, l.source_key, l.person_id, l.state, l.method, l.decision_id
              FROM {pairs} JOIN source_link l ON l.source = k.source AND l.source_key = k.source_key
            """;

        public const string NotAMatch = """
            SELECT n.source, n.source_key, n.person_id
              FROM {pairs} JOIN not_a_match n ON n.source = k.source AND n.source_key = k.source_key
            """;

        public const string NikHoldersPostgres = "SELECT nik, person_id FROM person WHERE nik = ANY(@Niks)";

        public const string NikHoldersSqlite = "SELECT nik, person_id FROM person WHERE nik IN (SELECT value FROM json_each(@Niks))";

        // Per record (idx), the active persons sharing the most of its keys, ties by person id, at most @Limit:
        // the same list the one-record query gives, for every record of the batch in one statement.
        private const string CandidatesBody = """
            SELECT idx, person_id FROM (
                SELECT rk.idx, b.person_id, ROW_NUMBER() OVER (PARTITION BY rk.idx ORDER BY COUNT(*) DESC, b.person_id) AS rn
                  FROM {keys}
                  JOIN person_block b ON b.block_key = rk.block_key
                  JOIN person p ON p.person_id = b.person_id
                 WHERE p.status = 'active'
                 GROUP BY rk.idx, b.person_id) ranked
             WHERE rn <= @Limit
             ORDER BY idx, rn
            """;

        public static readonly string CandidatesPostgres = CandidatesBody.Replace(
            "{keys}", "unnest(@Indexes::bigint[], @Keys::text[]) AS rk(idx, block_key)", StringComparison.Ordinal);

        public static readonly string CandidatesSqlite = CandidatesBody.Replace(
            "{keys}", "(SELECT json_extract(value, '$[0]') AS idx, json_extract(value, '$[1]') AS block_key FROM json_each(@Pairs)) AS rk", StringComparison.Ordinal);

        public const string PersonsPostgres = "SELECT person_id, nik, status, merged_into FROM person WHERE person_id = ANY(@Ids)";

        public const string PersonsSqlite = "SELECT person_id, nik, status, merged_into FROM person WHERE person_id IN (SELECT value FROM json_each(@Ids))";

        private const string FieldColumns = "person_id, field, value, source, source_key, source_record_id, run_id, location, line, received_at, rule, decision_id";

        public const string FieldsPostgres = "SELECT " + FieldColumns + " FROM person_field WHERE person_id = ANY(@Ids)";

        public const string FieldsSqlite = "SELECT " + FieldColumns + " FROM person_field WHERE person_id IN (SELECT value FROM json_each(@Ids))";

        public const string FieldValuesPostgres = "SELECT person_id, field, value FROM person_field WHERE person_id = ANY(@Ids)";

        public const string FieldValuesSqlite = "SELECT person_id, field, value FROM person_field WHERE person_id IN (SELECT value FROM json_each(@Ids))";

        public const string OverridesPostgres = "SELECT person_id, field FROM field_override WHERE person_id = ANY(@Ids)";

        public const string OverridesSqlite = "SELECT person_id, field FROM field_override WHERE person_id IN (SELECT value FROM json_each(@Ids))";

        public static readonly BulkStatement NewPersons = new(
            "INSERT INTO person (person_id, nik, version, created_at, updated_at) VALUES (@p0, @p1, 1, @p2, @p2)",
            "INSERT INTO person (person_id, nik, version, created_at, updated_at) SELECT u.id, u.nik, 1, u.t, u.t FROM unnest(@p0, @p1, @p2) AS u(id, nik, t)",
            BulkType.Uuid, BulkType.Text, BulkType.Time);

        public static readonly BulkStatement ClaimNiks = new(
            "UPDATE person SET nik = @p1 WHERE person_id = @p0 AND nik IS NULL",
            "UPDATE person p SET nik = u.nik FROM unnest(@p0, @p1) AS u(id, nik) WHERE p.person_id = u.id AND p.nik IS NULL",
            BulkType.Uuid, BulkType.Text);

        private const string SourceRecordColumns = "record_id, source, source_key, content_hash, person_id, run_id, location, line, received_at, payload, rules";

        public static readonly BulkStatement SourceRecords = new(
            "INSERT INTO source_record (" + SourceRecordColumns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10)",
            "INSERT INTO source_record (" + SourceRecordColumns + """
            ) OVERRIDING SYSTEM VALUE
            SELECT u.id, u.s, u.k, u.h, u.pid, u.run, u.loc, u.line, u.t, u.payload::jsonb, u.rules::jsonb
              FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10) AS u(id, s, k, h, pid, run, loc, line, t, payload, rules)
            """,
            BulkType.BigInt, BulkType.Text, BulkType.Text, BulkType.Text, BulkType.Uuid, BulkType.Uuid, BulkType.Text, BulkType.BigInt, BulkType.Time, BulkType.Text, BulkType.Text);

        private const string DecisionColumns = "decision_id, source, source_key, source_record_id, person_id, outcome, method, weight, probability, breakdown, model_version, run_id, created_at";

        public static readonly BulkStatement Decisions = new(
            "INSERT INTO match_decision (" + DecisionColumns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12)",
            "INSERT INTO match_decision (" + DecisionColumns + """
            ) OVERRIDING SYSTEM VALUE
            SELECT u.id, u.s, u.k, u.rid, u.pid, u.outcome, u.method, u.w, u.pr, u.bd::jsonb, u.mv, u.run, u.t
              FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12) AS u(id, s, k, rid, pid, outcome, method, w, pr, bd, mv, run, t)
            """,
            BulkType.BigInt, BulkType.Text, BulkType.Text, BulkType.BigInt, BulkType.Uuid, BulkType.Text, BulkType.Text, BulkType.Double, BulkType.Double, BulkType.Text,
            BulkType.Text, BulkType.Uuid, BulkType.Time);

        private const string FieldUpsert = """
             ON CONFLICT (person_id, field) DO UPDATE
               SET value = excluded.value, source = excluded.source, source_key = excluded.source_key,
                   source_record_id = excluded.source_record_id, run_id = excluded.run_id, location = excluded.location,
                   line = excluded.line, received_at = excluded.received_at, rule = excluded.rule, decision_id = excluded.decision_id
            """;

        public static readonly BulkStatement Fields = new(
            "INSERT INTO person_field (" + FieldColumns + ") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)" + FieldUpsert,
            "INSERT INTO person_field (" + FieldColumns + ") SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11)" + FieldUpsert,
            BulkType.Uuid, BulkType.Text, BulkType.Text, BulkType.Text, BulkType.Text, BulkType.BigInt, BulkType.Uuid, BulkType.Text, BulkType.BigInt, BulkType.Time, BulkType.Text,
            BulkType.BigInt);

        public static readonly BulkStatement Touch = new(
            "UPDATE person SET version = version + @p1, updated_at = @p2 WHERE person_id = @p0",
            "UPDATE person p SET version = p.version + u.n, updated_at = u.t FROM unnest(@p0, @p1, @p2) AS u(id, n, t) WHERE p.person_id = u.id",
            BulkType.Uuid, BulkType.BigInt, BulkType.Time);

        public static readonly BulkStatement Blocks = new(
            "INSERT INTO person_block (block_key, person_id) VALUES (@p0, @p1) ON CONFLICT DO NOTHING",
            "INSERT INTO person_block (block_key, person_id) SELECT * FROM unnest(@p0, @p1) ON CONFLICT DO NOTHING",
            BulkType.Text, BulkType.Uuid);

        private const string LinkUpsert = """
             ON CONFLICT (source, source_key) DO UPDATE
               SET person_id = excluded.person_id, state = excluded.state, method = excluded.method,
                   decision_id = excluded.decision_id, updated_at = excluded.updated_at
            """;

        public static readonly BulkStatement UpsertLinks = new(
            "INSERT INTO source_link (source, source_key, person_id, state, method, decision_id, updated_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6)" + LinkUpsert,
            "INSERT INTO source_link (source, source_key, person_id, state, method, decision_id, updated_at) SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6)" + LinkUpsert,
            BulkType.Text, BulkType.Text, BulkType.Uuid, BulkType.Text, BulkType.Text, BulkType.BigInt, BulkType.Time);

        public static readonly BulkStatement Events = new(
            "INSERT INTO person_event (person_id, kind, source, source_key, decision_id, created_at) VALUES (@p0, @p1, @p2, @p3, @p4, @p5)",
            "INSERT INTO person_event (person_id, kind, source, source_key, decision_id, created_at) SELECT * FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5)",
            BulkType.Uuid, BulkType.Text, BulkType.Text, BulkType.Text, BulkType.BigInt, BulkType.Time);

        public static readonly BulkStatement Reviews = new(
            """
            INSERT INTO review_item (kind, source, source_key, source_record_id, person_id, decision_id, weight, probability, status, created_at)
            VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, 'open', @p8) ON CONFLICT DO NOTHING
            """,
            """
            INSERT INTO review_item (kind, source, source_key, source_record_id, person_id, decision_id, weight, probability, status, created_at)
            SELECT u.kind, u.s, u.k, u.rid, u.pid, u.did, u.w, u.pr, 'open', u.t
              FROM unnest(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8) AS u(kind, s, k, rid, pid, did, w, pr, t)
            ON CONFLICT DO NOTHING
            """,
            BulkType.Text, BulkType.Text, BulkType.Text, BulkType.BigInt, BulkType.Uuid, BulkType.BigInt, BulkType.Double, BulkType.Double, BulkType.Time);
    }
}
