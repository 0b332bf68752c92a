using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

internal sealed partial class MasterIndexStore
{
    /// <summary>
    /// One batch's snapshot of the index (read in a few set-based statements), the changes its records made so far
    /// (kept in memory so that later records of the batch see them), and the rows still to write.
    /// </summary>
    private sealed class BatchState(
        MasterIndexStore store, DbConnection connection, DbTransaction transaction, Guid runId, DateTimeOffset now, BatchChanges changes, int recordCount)
    {
        // The provenance of a value read without its lineage (a candidate only scored): never written or shown.
        private static readonly Provenance s_notRead = new("", "", Guid.Empty, null, null, DateTimeOffset.MinValue, null);

        private readonly SqlDialect _dialect = store._dialect;
        private readonly Dictionary<Guid, (string Status, Guid? MergedInto)> _meta = [];
        private readonly Dictionary<Guid, BatchPerson> _persons = [];
        private readonly Dictionary<string, Guid> _nikHolders = new(StringComparer.Ordinal);
        private readonly Dictionary<int, List<Guid>> _dbCandidates = [];

        // Records whose candidates were not read with the batch (the NIK path is expected to link them).
        private readonly HashSet<int> _deferredCandidates = [];

        // Persons that received blocking keys in this batch, by key: the candidates the snapshot cannot know about.
        private readonly Dictionary<string, HashSet<Guid>> _batchKeys = new(StringComparer.Ordinal);
        private readonly IdAllocator _recordIds = new("source_record", "record_id", recordCount);
        private readonly IdAllocator _decisionIds = new("match_decision", "decision_id", recordCount);
        private readonly PendingWrites _pending = new();

        public Guid RunId { get; } = runId;

        public DateTimeOffset Now { get; } = now;

        /// <summary>Where the flushes' time goes (lineage, events, the rest is written rows).</summary>
        public BatchPhaseClock Clock { get; init; } = new();

        public BatchChanges Changes { get; } = changes;

        public Dictionary<(string Source, string SourceKey), string> LatestHash { get; } = [];

        public Dictionary<(string Source, string SourceKey), LinkInfo> Links { get; } = [];

        public Dictionary<(string Source, string SourceKey), HashSet<Guid>> RuledOut { get; } = [];

        /// <summary>Reads, for the whole batch, everything resolving its records needs from the database.</summary>
        public async Task PrefetchAsync(IReadOnlyList<RecordWork> work, CancellationToken cancellationToken)
        {
            var pairs = work.Select(w => (w.Record.Source, w.Record.SourceKey)).Distinct().ToList();
            foreach (var row in await QueryByPairsAsync<HashRow>(BatchSql.LatestHashes, pairs, cancellationToken))
            {
                if (row.content_hash is not null)
                {
                    LatestHash[(row.source, row.source_key)] = row.content_hash;
                }
            }

            foreach (var row in await QueryByPairsAsync<LinkPairRow>(BatchSql.Links, pairs, cancellationToken))
            {
                Links[(row.source, row.source_key)] = new LinkInfo(row.person_id is null ? null : SqlDialect.ReadId(row.person_id), row.state, row.method, row.decision_id);
            }

            // Only records that are new or changed and not yet linked (or in review) are matched; a later record of
            // the batch never needs matching when the snapshot said it would not (links are only ever added here).
            var toMatch = new List<int>();
            var involved = new HashSet<Guid>();
            var candidateIds = new HashSet<Guid>();
            for (var i = 0; i < work.Count; i++)
            {
                var record = work[i].Record;
                var key = (record.Source, record.SourceKey);
                if (LatestHash.TryGetValue(key, out var hash) && string.Equals(hash, record.ContentHash, StringComparison.Ordinal))
                {
                    continue;
                }

                Links.TryGetValue(key, out var link);
                if (link is { State: LinkState.Linked, PersonId: { } linked })
                {
                    involved.Add(linked);
                }
                else if (link is not { State: LinkState.Review })
                {
                    toMatch.Add(i);
                }
            }

            if (toMatch.Count > 0)
            {
                var matchPairs = toMatch.Select(i => (work[i].Record.Source, work[i].Record.SourceKey)).Distinct().ToList();
                foreach (var row in await QueryByPairsAsync<NotAMatchRow>(BatchSql.NotAMatch, matchPairs, cancellationToken))
                {
                    var key = (row.source, row.source_key);
                    if (!RuledOut.TryGetValue(key, out var set))
                    {
                        RuledOut[key] = set = [];
                    }

                    set.Add(SqlDialect.ReadId(row.person_id));
                }

                var niks = toMatch.Select(i => work[i].Record.Nik).Where(n => n is not null).Select(n => n!.Value.Value).Distinct(StringComparer.Ordinal).ToList();
                var holders = new List<Guid>();
                foreach (var (nik, personId) in await NikHoldersAsync(niks, cancellationToken))
                {
                    _nikHolders[nik] = personId;
                    holders.Add(personId);
                }

                // A record the NIK links deterministically needs no blocking candidates: most records of an agency
                // that carries NIKs. Its candidates are read only if the batch's own changes spoil the NIK path.
                await LoadPersonsAsync(holders, cancellationToken);
                var needCandidates = new List<int>(toMatch.Count);
                foreach (var i in toMatch)
                {
                    if (LinksByNikNow(work[i]))
                    {
                        _deferredCandidates.Add(i);
                    }
                    else
                    {
                        needCandidates.Add(i);
                    }
                }

                foreach (var (index, ids) in await CandidateIdsAsync(needCandidates.Select(i => (i, work[i].Keys)).ToList(), cancellationToken))
                {
                    _dbCandidates[index] = ids;
                    candidateIds.UnionWith(ids);
                }
            }

            await LoadPersonsAsync(involved, cancellationToken);
            candidateIds.ExceptWith(involved);
            await LoadPersonsAsync(candidateIds, cancellationToken, PersonRead.Values);
        }

        /// <summary>
        /// True when, on what the batch has read so far, the record's NIK holder exists, is not ruled out for it, and
        /// the resolver would link the record to it on the NIK path alone.
        /// </summary>
        private bool LinksByNikNow(RecordWork item)
        {
            var record = item.Record;
            if (record.Nik is not { } nik || !_nikHolders.TryGetValue(nik.Value, out var holderId))
            {
                return false;
            }

            var personId = FollowMerges(holderId);
            if (!_persons.TryGetValue(personId, out var person) || !person.Active || person.Read == PersonRead.None)
            {
                return false;
            }

            if (RuledOut.TryGetValue((record.Source, record.SourceKey), out var ruledOut) && ruledOut.Contains(personId))
            {
                return false;
            }

            return store._resolver.Value.LinksByNik(record, item.Prepared, person.Candidate);
        }

        public Guid FollowMerges(Guid personId)
        {
            var current = personId;
            for (var hops = 0; hops < 64; hops++)
            {
                if (!_meta.TryGetValue(current, out var meta) || meta.Status != "merged" || meta.MergedInto is not { } next)
                {
                    return current;
                }

                current = next;
            }

            throw new InvalidOperationException("A merge chain is longer than 64 persons; the index is inconsistent.");
        }

        /// <summary>A person, from the batch's snapshot or read now (after what the batch changed is written).</summary>
        public async Task<BatchPerson> PersonAsync(Guid personId, CancellationToken cancellationToken)
        {
            if (!_persons.TryGetValue(personId, out var person) || person.Read != PersonRead.Lineage)
            {
                await LoadPersonsAsync([personId], cancellationToken);
                person = _persons.TryGetValue(personId, out var loaded)
                    ? loaded
                    : throw new InvalidOperationException("A linked person is missing from the index.");
            }

            return person;
        }

        /// <summary>The active person holding a NIK (merges followed), as the database would answer inside the batch.</summary>
        public async Task<BatchPerson?> HolderAsync(string nik, CancellationToken cancellationToken)
        {
            if (!_nikHolders.TryGetValue(nik, out var holderId))
            {
                return null;
            }

            var personId = FollowMerges(holderId);
            if (!_persons.ContainsKey(personId) && !_meta.ContainsKey(personId))
            {
                await LoadPersonsAsync([personId], cancellationToken);
            }

            return _persons.TryGetValue(personId, out var person) && person.Active ? person : null;
        }

        /// <summary>
        /// The record's blocking candidates: the persons sharing the most of its keys, at most
        /// <see cref="MaxCandidates"/>, without those ruled out, in person id order.
        /// </summary>
        public async Task<IReadOnlyList<MatchCandidate>> CandidatesAsync(int index, IReadOnlyList<string> keys, HashSet<Guid> ruledOut, CancellationToken cancellationToken)
        {
            if (keys.Count == 0)
            {
                return [];
            }

            if (_deferredCandidates.Remove(index))
            {
                // Not read with the batch because the NIK path was expected to link it: read them now, after what
                // the batch changed is written, exactly as a batch of this one record would see them.
                await FlushAsync(cancellationToken);
                var late = await CandidateIdsAsync([(index, keys)], cancellationToken);
                _dbCandidates[index] = late.TryGetValue(index, out var lateIds) ? lateIds : [];
                await LoadPersonsAsync(_dbCandidates[index], cancellationToken, PersonRead.Values);
            }

            var fromDb = _dbCandidates.TryGetValue(index, out var ids) ? ids : [];
            var touched = new HashSet<Guid>();
            foreach (var key in keys)
            {
                if (_batchKeys.TryGetValue(key, out var persons))
                {
                    touched.UnionWith(persons);
                }
            }

            touched.RemoveWhere(id => !_persons.TryGetValue(id, out var p) || !p.Active);
            List<Guid> selected;
            var capped = fromDb.Count >= MaxCandidates;
            var union = new HashSet<Guid>(fromDb);
            union.UnionWith(touched);
            if (!capped && union.Count <= MaxCandidates)
            {
                // Every person sharing a key fits under the cap: the ranking cannot leave anyone out.
                selected = union.ToList();
            }
            else if (capped && union.Count == fromDb.Count)
            {
                // The batch only added keys to persons already in the top list: they rank no lower than before.
                selected = fromDb;
            }
            else
            {
                // The batch's changes may reorder a full list: ask the database, which now holds them.
                await FlushAsync(cancellationToken);
                var fresh = await CandidateIdsAsync([(index, keys)], cancellationToken);
                selected = fresh.TryGetValue(index, out var list) ? list : [];
                await LoadPersonsAsync(selected, cancellationToken, PersonRead.Values);
            }

            var candidates = new List<MatchCandidate>(selected.Count);
            foreach (var id in selected)
            {
                if (!ruledOut.Contains(id) && _persons.TryGetValue(id, out var person) && person.Active)
                {
                    candidates.Add(person.Candidate);
                }
            }

            candidates.Sort((a, b) => a.PersonId.CompareTo(b.PersonId));
            return candidates;
        }

        public BatchPerson CreatePerson(string? nik)
        {
            var person = new BatchPerson(Guid.CreateVersion7(Now), nik, active: true, new Dictionary<string, GoldenValue>(StringComparer.Ordinal), []) { Read = PersonRead.Lineage };
            _persons[person.PersonId] = person;
            _meta[person.PersonId] = ("active", null);
            if (nik is not null)
            {
                _nikHolders[nik] = person.PersonId;
            }

            _pending.NewPersons.Add([person.PersonId, nik, Now]);
            return person;
        }

        public void ClaimNik(BatchPerson person, string nik)
        {
            // As UPDATE ... WHERE nik IS NULL: a person that has a NIK keeps it.
            _pending.Claims.Add([person.PersonId, nik]);
            if (person.Nik is null)
            {
                person.Nik = nik;
                person.Changed();
                _nikHolders[nik] = person.PersonId;
            }
        }

        public async Task<long> AddSourceRecordAsync(SourceRecord record, Guid? personId, CancellationToken cancellationToken)
        {
            var recordId = await _recordIds.NextAsync(connection, transaction, _dialect, cancellationToken);
            _pending.SourceRecords.Add([
                recordId, record.Source, record.SourceKey, record.ContentHash, personId, RunId, record.Location, record.Line, Now,
                JsonSerializer.Serialize(record.Canonical.Values.ToDictionary(v => v.Key, v => v.Value.Value, StringComparer.Ordinal)),
                JsonSerializer.Serialize(record.Canonical.Values.ToDictionary(v => v.Key, v => v.Value.Rule, StringComparer.Ordinal)),
            ]);
            LatestHash[(record.Source, record.SourceKey)] = record.ContentHash;
            return recordId;
        }

        public async Task<long> AddDecisionAsync(
            SourceRecord record, long recordId, Guid? personId, string outcome, string method, MatchScore? score, string modelVersion, CancellationToken cancellationToken)
        {
            var decisionId = await _decisionIds.NextAsync(connection, transaction, _dialect, cancellationToken);
            _pending.Decisions.Add([
                decisionId, record.Source, record.SourceKey, recordId, personId, outcome, method, score?.Weight, score?.Probability,
                score is null ? null : JsonSerializer.Serialize(score.Breakdown, s_json), score is null ? null : modelVersion, RunId, Now,
            ]);
            return decisionId;
        }

        public void SetFields(BatchPerson person, IReadOnlyList<FieldChange> changes, long? decisionId, bool touch)
        {
            if (changes.Count == 0)
            {
                return;
            }

            foreach (var change in changes)
            {
                var p = change.Provenance with { DecisionId = decisionId };
                person.Fields[change.Path] = new GoldenValue(change.NewValue, p);
                _pending.Fields[(person.PersonId, change.Path)] =
                    [person.PersonId, change.Path, change.NewValue, p.Source, p.SourceKey, p.SourceRecordId, p.RunId, p.Location, p.Line, p.ReceivedAt, p.Rule, decisionId];
            }

            person.Changed();
            if (touch)
            {
                _pending.Touched[person.PersonId] = _pending.Touched.GetValueOrDefault(person.PersonId) + 1;
                Changes.AddUpdated(person.PersonId, changes.Select(c => c.Path));
            }
        }

        public void AddBlockingKeys(BatchPerson person, IReadOnlyList<string> keys)
        {
            foreach (var key in keys)
            {
                if (!_batchKeys.TryGetValue(key, out var persons))
                {
                    _batchKeys[key] = persons = [];
                }

                if (persons.Add(person.PersonId))
                {
                    _pending.Blocks.Add([key, person.PersonId]);
                }
            }
        }

        public void SetLink((string Source, string SourceKey) key, Guid? personId, string state, string method, long? decisionId)
        {
            Links[key] = new LinkInfo(personId, state, method, decisionId);
            _pending.Links[key] = [key.Source, key.SourceKey, personId, state, method, decisionId, Now];
        }

        public void AddEvent(Guid personId, string kind, SourceRecord record, long decisionId) =>
            _pending.Events.Add([personId, kind, record.Source, record.SourceKey, decisionId, Now]);

        public void AddReview(string kind, SourceRecord record, long recordId, Guid personId, long decisionId, MatchScore score) =>
            _pending.Reviews.Add([kind, record.Source, record.SourceKey, recordId, personId, decisionId, score.Weight, score.Probability, Now]);

        /// <summary>Writes every pending row, one statement per table, in foreign-key order.</summary>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            var p = _pending;
            var start = Stopwatch.GetTimestamp();
            await BatchSql.NewPersons.ExecuteAsync(connection, transaction, _dialect, p.NewPersons, cancellationToken);
            await BatchSql.ClaimNiks.ExecuteAsync(connection, transaction, _dialect, p.Claims, cancellationToken);
            await BatchSql.SourceRecords.ExecuteAsync(connection, transaction, _dialect, p.SourceRecords, cancellationToken);
            await BatchSql.Decisions.ExecuteAsync(connection, transaction, _dialect, p.Decisions, cancellationToken);
            var lineage = Stopwatch.GetTimestamp();
            await BatchSql.Fields.ExecuteAsync(connection, transaction, _dialect, p.Fields.Values.ToList(), cancellationToken);
            await BatchSql.Touch.ExecuteAsync(connection, transaction, _dialect, p.Touched.Select(t => new object?[] { t.Key, (long)t.Value, Now }).ToList(), cancellationToken);
            Clock.Lineage += BatchPhaseClock.Since(lineage);
            await BatchSql.Blocks.ExecuteAsync(connection, transaction, _dialect, p.Blocks, cancellationToken);
            await BatchSql.UpsertLinks.ExecuteAsync(connection, transaction, _dialect, p.Links.Values.ToList(), cancellationToken);
            var events = Stopwatch.GetTimestamp();
            await BatchSql.Events.ExecuteAsync(connection, transaction, _dialect, p.Events, cancellationToken);
            Clock.Events += BatchPhaseClock.Since(events);
            await BatchSql.Reviews.ExecuteAsync(connection, transaction, _dialect, p.Reviews, cancellationToken);
            Clock.Flush += BatchPhaseClock.Since(start);
            p.Clear();
        }

        private async Task<IEnumerable<T>> QueryByPairsAsync<T>(string sqlTemplate, List<(string Source, string SourceKey)> pairs, CancellationToken cancellationToken)
        {
            if (pairs.Count == 0)
            {
                return [];
            }

            if (_dialect.Provider == DatabaseProvider.Postgres)
            {
                return await connection.QueryAsync<T>(new CommandDefinition(
                    sqlTemplate.Replace("{pairs}", BatchSql.PairsPostgres, StringComparison.Ordinal),
                    new { Sources = pairs.Select(p => p.Source).ToArray(), Keys = pairs.Select(p => p.SourceKey).ToArray() },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            return await connection.QueryAsync<T>(new CommandDefinition(
                sqlTemplate.Replace("{pairs}", BatchSql.PairsSqlite, StringComparison.Ordinal),
                new { Pairs = JsonSerializer.Serialize(pairs.Select(p => new[] { p.Source, p.SourceKey })) },
                transaction,
                cancellationToken: cancellationToken));
        }

        private async Task<List<(string Nik, Guid PersonId)>> NikHoldersAsync(List<string> niks, CancellationToken cancellationToken)
        {
            if (niks.Count == 0)
            {
                return [];
            }

            var rows = _dialect.Provider == DatabaseProvider.Postgres
                ? await connection.QueryAsync<NikRow>(new CommandDefinition(BatchSql.NikHoldersPostgres, new { Niks = niks.ToArray() }, transaction, cancellationToken: cancellationToken))
                : await connection.QueryAsync<NikRow>(new CommandDefinition(BatchSql.NikHoldersSqlite, new { Niks = JsonSerializer.Serialize(niks) }, transaction, cancellationToken: cancellationToken));
            return rows.Select(r => (r.nik, SqlDialect.ReadId(r.person_id))).ToList();
        }

        private async Task<Dictionary<int, List<Guid>>> CandidateIdsAsync(IReadOnlyList<(int Index, IReadOnlyList<string> Keys)> records, CancellationToken cancellationToken)
        {
            var result = new Dictionary<int, List<Guid>>();
            var indexes = new List<long>();
            var keys = new List<string>();
            foreach (var (index, recordKeys) in records)
            {
                foreach (var key in recordKeys)
                {
                    indexes.Add(index);
                    keys.Add(key);
                }
            }

            if (keys.Count == 0)
            {
                return result;
            }

            var rows = _dialect.Provider == DatabaseProvider.Postgres
                ? await connection.QueryAsync<RankRow>(new CommandDefinition(
                    BatchSql.CandidatesPostgres, new { Indexes = indexes.ToArray(), Keys = keys.ToArray(), Limit = MaxCandidates }, transaction, cancellationToken: cancellationToken))
                : await connection.QueryAsync<RankRow>(new CommandDefinition(
                    BatchSql.CandidatesSqlite,
                    new { Pairs = JsonSerializer.Serialize(indexes.Zip(keys, (i, k) => new object[] { i, k })), Limit = MaxCandidates },
                    transaction,
                    cancellationToken: cancellationToken));
            foreach (var row in rows)
            {
                var index = (int)row.idx;
                if (!result.TryGetValue(index, out var list))
                {
                    result[index] = list = [];
                }

                list.Add(SqlDialect.ReadId(row.person_id));
            }

            return result;
        }

        /// <summary>
        /// Reads persons (following merges) that the batch has not read yet: their status and NIK, and their golden
        /// fields. With <see cref="PersonRead.Lineage"/> (a person the batch may change) each field's provenance and
        /// the overridden fields too; with <see cref="PersonRead.Values"/> (a blocking candidate, only scored) the
        /// values alone, which is what most candidates ever need: a candidate the batch then links to is read again
        /// with its lineage.
        /// </summary>
        private async Task LoadPersonsAsync(IEnumerable<Guid> personIds, CancellationToken cancellationToken, PersonRead read = PersonRead.Lineage)
        {
            var ids = personIds.ToList();
            var wanted = ids.Where(id => !_meta.ContainsKey(id)).Distinct().ToList();
            while (wanted.Count > 0)
            {
                var next = new List<Guid>();
                foreach (var row in await QueryByIdsAsync<PersonMetaRow>(BatchSql.PersonsPostgres, BatchSql.PersonsSqlite, wanted, cancellationToken))
                {
                    var id = SqlDialect.ReadId(row.person_id);
                    Guid? mergedInto = row.merged_into is null ? null : SqlDialect.ReadId(row.merged_into);
                    _meta[id] = (row.status, mergedInto);
                    if (!_persons.ContainsKey(id) && row.status != "merged")
                    {
                        _persons[id] = new BatchPerson(id, row.nik, row.status == "active", new Dictionary<string, GoldenValue>(StringComparer.Ordinal), []);
                    }

                    if (row.status == "merged" && mergedInto is { } m && !_meta.ContainsKey(m))
                    {
                        next.Add(m);
                    }
                }

                wanted = next.Distinct().ToList();
            }

            var load = ids.Select(FollowMerges).Where(id => _persons.TryGetValue(id, out var p) && p.Read < read).Distinct().ToList();
            if (load.Count == 0)
            {
                return;
            }

            if (read == PersonRead.Values)
            {
                foreach (var r in await QueryByIdsAsync<FieldValueOfPerson>(BatchSql.FieldValuesPostgres, BatchSql.FieldValuesSqlite, load, cancellationToken))
                {
                    _persons[SqlDialect.ReadId(r.person_id)].Fields[r.field] = new GoldenValue(r.value, s_notRead);
                }

                foreach (var id in load)
                {
                    _persons[id].Read = PersonRead.Values;
                }

                return;
            }

            foreach (var id in load)
            {
                // Values read without lineage are read again with it; the batch never changes such a person before.
                _persons[id].Fields.Clear();
                _persons[id].Changed();
            }

            foreach (var r in await QueryByIdsAsync<FieldRowWithPerson>(BatchSql.FieldsPostgres, BatchSql.FieldsSqlite, load, cancellationToken))
            {
                _persons[SqlDialect.ReadId(r.person_id)].Fields[r.field] = new GoldenValue(
                    r.value,
                    new Provenance(r.source, r.source_key, SqlDialect.ReadId(r.run_id), r.location, r.line, SqlDialect.ReadTime(r.received_at), r.rule, r.source_record_id, r.decision_id));
            }

            foreach (var r in await QueryByIdsAsync<OverriddenRow>(BatchSql.OverridesPostgres, BatchSql.OverridesSqlite, load, cancellationToken))
            {
                _persons[SqlDialect.ReadId(r.person_id)].Overridden.Add(r.field);
            }

            foreach (var id in load)
            {
                _persons[id].Read = PersonRead.Lineage;
            }
        }

        private async Task<IEnumerable<T>> QueryByIdsAsync<T>(string postgresSql, string sqliteSql, IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
            _dialect.Provider == DatabaseProvider.Postgres
                ? await connection.QueryAsync<T>(new CommandDefinition(postgresSql, new { Ids = ids.ToArray() }, transaction, cancellationToken: cancellationToken))
                : await connection.QueryAsync<T>(new CommandDefinition(
                    sqliteSql, new { Ids = JsonSerializer.Serialize(ids.Select(i => (string)_dialect.Id(i))) }, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Rows waiting to be written, per table, in the order the records produced them.</summary>
    private sealed class PendingWrites
    {
        public List<object?[]> NewPersons { get; } = [];

        public List<object?[]> Claims { get; } = [];

        public List<object?[]> SourceRecords { get; } = [];

        public List<object?[]> Decisions { get; } = [];

        // One row per (person, field): the last change wins, as it would one statement at a time.
        public Dictionary<(Guid, string), object?[]> Fields { get; } = [];

        public Dictionary<Guid, int> Touched { get; } = [];

        public List<object?[]> Blocks { get; } = [];

        public Dictionary<(string, string), object?[]> Links { get; } = [];

        public List<object?[]> Events { get; } = [];

        public List<object?[]> Reviews { get; } = [];

        public void Clear()
        {
            NewPersons.Clear();
            Claims.Clear();
            SourceRecords.Clear();
            Decisions.Clear();
            Fields.Clear();
            Touched.Clear();
            Blocks.Clear();
            Links.Clear();
            Events.Clear();
            Reviews.Clear();
        }
    }

    /// <summary>
    /// Hands out ids of a table's identity column before the rows are written, so that rows referring to each other
    /// can be written in one statement per table. SQLite: the batch's transaction is the only writer, so the next
    /// ids follow the table's high-water mark. PostgreSQL: ids are drawn from the column's sequence in blocks
    /// (an unused remainder leaves a gap, as a rolled-back insert would): first as many as the batch has records, which
    /// is enough source record ids and usually enough decision ids, then smaller blocks.
    /// </summary>
    private sealed class IdAllocator(string table, string column, int firstBlock)
    {
        private readonly Queue<long> _reserved = new();
        private long _next = -1;

        public async ValueTask<long> NextAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, CancellationToken cancellationToken)
        {
            if (dialect.Provider == DatabaseProvider.Sqlite)
            {
                if (_next < 0)
                {
                    _next = 1 + await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        $"SELECT MAX(COALESCE((SELECT MAX({column}) FROM {table}), 0), COALESCE((SELECT seq FROM sqlite_sequence WHERE name = @Table), 0))",
                        new { Table = table },
                        transaction,
                        cancellationToken: cancellationToken));
                }

                return _next++;
            }

            if (_reserved.Count == 0)
            {
                var block = _next < 0 ? Math.Max(1, firstBlock) : Math.Max(64, firstBlock / 4);
                _next = 0;
                var ids = await connection.QueryAsync<long>(new CommandDefinition(
                    $"SELECT nextval(pg_get_serial_sequence('{table}', '{column}')) FROM generate_series(1, @Count)",
                    new { Count = block },
                    transaction,
                    cancellationToken: cancellationToken));
                foreach (var id in ids.Order())
                {
                    _reserved.Enqueue(id);
                }
            }

            return _reserved.Dequeue();
        }
    }

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class HashRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public string? content_hash { get; set; }
    }

    private sealed class LinkPairRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object? person_id { get; set; }

        public string state { get; set; } = default!;

        public string method { get; set; } = default!;

        public long? decision_id { get; set; }
    }

    private sealed class NotAMatchRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object person_id { get; set; } = default!;
    }

    private sealed class NikRow
    {
        public string nik { get; set; } = default!;

        public object person_id { get; set; } = default!;
    }

    private sealed class RankRow
    {
        public long idx { get; set; }

        public object person_id { get; set; } = default!;
    }

    private sealed class PersonMetaRow
    {
        public object person_id { get; set; } = default!;

        public string? nik { get; set; }

        public string status { get; set; } = default!;

        public object? merged_into { get; set; }
    }

    private sealed class FieldValueOfPerson
    {
        public object person_id { get; set; } = default!;

        public string field { get; set; } = default!;

        public string value { get; set; } = default!;
    }

    private sealed class FieldRowWithPerson
    {
        public object person_id { get; set; } = default!;

        public string field { get; set; } = default!;

        public string value { get; set; } = default!;

        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public long? source_record_id { get; set; }

        public object run_id { get; set; } = default!;

        public string? location { get; set; }

        public long? line { get; set; }

        public object received_at { get; set; } = default!;

        public string? rule { get; set; }

        public long? decision_id { get; set; }
    }

    private sealed class OverriddenRow
    {
        public object person_id { get; set; } = default!;

        public string field { get; set; } = default!;
    }
#pragma warning restore IDE1006, CA1812
}
