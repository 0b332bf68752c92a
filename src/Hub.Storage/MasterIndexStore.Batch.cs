using System.Data.Common;
using System.Diagnostics;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Storage;

// Set-based identity resolution of a whole batch. Everything resolution reads is fetched for the whole batch in a
// few statements (latest hashes, links, not-a-match decisions, NIK holders, each record's blocking candidates, and
// the persons involved with their golden fields); records are then resolved in memory, in order, against that
// snapshot plus what earlier records of the same batch changed; the writes go out as one statement per table.
// A record sees exactly what it would see if the batch were applied one record at a time: when what the batch
// itself changed could alter a capped candidate list, the pending writes are flushed and that record's candidates
// are read again from the database (rare: it needs a blocking key shared by more than MaxCandidates persons).
internal sealed partial class MasterIndexStore
{
    private async Task<BatchCounts> ResolveBatchAsync(
        DbConnection connection, DbTransaction transaction, IReadOnlyList<SourceRecord> records, Guid runId, DateTimeOffset now, SurvivorshipPolicy policy,
        BatchChanges changes, BatchPhaseClock clock, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var engine = _resolver.Value.Engine;
        var batch = new BatchState(this, connection, transaction, runId, now, changes, records.Count) { Clock = clock };
        var work = new RecordWork[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            var prepared = engine.Prepare(IdentityResolver.FieldsOf(records[i]));
            work[i] = new RecordWork(records[i], prepared, engine.BlockingKeys(prepared).Distinct(StringComparer.Ordinal).ToList());
        }

        await batch.PrefetchAsync(work, cancellationToken);

        var counts = new BatchCounts();
        for (var i = 0; i < work.Length; i++)
        {
            var item = work[i];
            var record = item.Record;
            var key = (record.Source, record.SourceKey);
            if (batch.LatestHash.TryGetValue(key, out var latest) && string.Equals(latest, record.ContentHash, StringComparison.Ordinal))
            {
                counts.Unchanged++;
                continue;
            }

            counts.Accepted++;
            switch (await ResolveOneAsync(batch, i, item, policy, cancellationToken))
            {
                case ResolutionAction.Link:
                    counts.Linked++;
                    break;
                case ResolutionAction.Review:
                    counts.Reviewed++;
                    break;
                case ResolutionAction.Create:
                    counts.Created++;
                    break;
            }
        }

        // Resolution's time is everything so far but the flushes a capped candidate list may have forced.
        clock.Match += BatchPhaseClock.Since(start) - clock.Flush;
        await batch.FlushAsync(cancellationToken);
        return counts;
    }

    // The in-memory counterpart of resolving one record: the same decisions, the same rows, in the same order.
    private async Task<ResolutionAction?> ResolveOneAsync(BatchState batch, int index, RecordWork item, SurvivorshipPolicy policy, CancellationToken cancellationToken)
    {
        var record = item.Record;
        var key = (record.Source, record.SourceKey);
        batch.Links.TryGetValue(key, out var link);
        if (link is { State: LinkState.Linked, PersonId: { } linked })
        {
            // Decided before (automatically or by hand): a new version of the record stays with its person.
            var personId = batch.FollowMerges(linked);
            var person = await batch.PersonAsync(personId, cancellationToken);
            var recordId = await batch.AddSourceRecordAsync(record, personId, cancellationToken);
            ApplyChangesInMemory(batch, person, record, recordId, policy, link.DecisionId, item.Keys, isNew: false);
            if (personId != linked)
            {
                batch.SetLink(key, personId, LinkState.Linked, link.Method, link.DecisionId);
            }

            return null;
        }

        if (link is { State: LinkState.Review })
        {
            await batch.AddSourceRecordAsync(record, null, cancellationToken);
            return null;
        }

        var ruledOut = batch.RuledOut.TryGetValue(key, out var set) ? set : s_noneRuledOut;
        var holder = record.Nik is { } nik ? await batch.HolderAsync(nik.Value, cancellationToken) : null;
        if (holder is not null && ruledOut.Contains(holder.PersonId))
        {
            holder = null;
        }

        // The NIK path needs no blocking candidates; reading them would cost the most of all for no use.
        var candidates = holder is not null && _resolver.Value.LinksByNik(record, item.Prepared, holder.Candidate)
            ? []
            : await batch.CandidatesAsync(index, item.Keys, ruledOut, cancellationToken);
        var resolution = _resolver.Value.Resolve(record, item.Prepared, holder?.Candidate, candidates);
        var modelVersion = _resolver.Value.Engine.Model.Version;
        switch (resolution.Action)
        {
            case ResolutionAction.Link:
            {
                var personId = resolution.PersonId!.Value;
                var person = await batch.PersonAsync(personId, cancellationToken);
                if (resolution.ClaimsNik && record.Nik is { } claimed)
                {
                    batch.ClaimNik(person, claimed.Value);
                }

                var recordId = await batch.AddSourceRecordAsync(record, personId, cancellationToken);
                var decisionId = await batch.AddDecisionAsync(record, recordId, personId, "link", resolution.Method, resolution.Best?.Score, modelVersion, cancellationToken);
                ApplyChangesInMemory(batch, person, record, recordId, policy, decisionId, item.Keys, isNew: false);
                batch.SetLink(key, personId, LinkState.Linked, resolution.Method, decisionId);
                batch.AddEvent(personId, "linked", record, decisionId);
                batch.Changes.Linked.Add(new BatchLinked(personId, record.Source, record.SourceKey, decisionId, resolution.Method));

                // A linked record may still carry a NIK another person holds: that pair is reviewed too.
                await AddReviewsAsync(batch, record, recordId, resolution, modelVersion, cancellationToken);
                return resolution.Action;
            }

            case ResolutionAction.Create:
            {
                var givesNik = record.IsIdentityAuthority && record.Nik is not null && holder is null;
                var person = batch.CreatePerson(givesNik ? record.Nik!.Value.Value : null);
                var recordId = await batch.AddSourceRecordAsync(record, person.PersonId, cancellationToken);
                var decisionId = await batch.AddDecisionAsync(record, recordId, person.PersonId, "new", resolution.Method, resolution.Best?.Score, modelVersion, cancellationToken);
                ApplyChangesInMemory(batch, person, record, recordId, policy, decisionId, item.Keys, isNew: true);
                batch.SetLink(key, person.PersonId, LinkState.Linked, resolution.Method, decisionId);
                batch.AddEvent(person.PersonId, "created", record, decisionId);
                batch.Changes.Created.Add(new BatchCreated(person.PersonId, record.Source, record.SourceKey, decisionId));
                await AddReviewsAsync(batch, record, recordId, resolution, modelVersion, cancellationToken);
                return resolution.Action;
            }

            case ResolutionAction.Review:
            {
                var recordId = await batch.AddSourceRecordAsync(record, null, cancellationToken);
                var decisionId = await batch.AddDecisionAsync(record, recordId, resolution.Best?.Candidate.PersonId, "review", resolution.Method, resolution.Best?.Score, modelVersion, cancellationToken);
                batch.SetLink(key, null, LinkState.Review, resolution.Method, decisionId);
                await AddReviewsAsync(batch, record, recordId, resolution, modelVersion, cancellationToken);
                return resolution.Action;
            }
        }

        throw new InvalidOperationException($"Unknown resolution action {resolution.Action}.");
    }

    private static async Task AddReviewsAsync(BatchState batch, SourceRecord record, long recordId, Resolution resolution, string modelVersion, CancellationToken cancellationToken)
    {
        foreach (var review in resolution.Reviews)
        {
            var kind = ReviewKinds.ToText(review.Kind);
            var candidate = review.Candidate;
            var decisionId = await batch.AddDecisionAsync(record, recordId, candidate.Candidate.PersonId, kind, "auto", candidate.Score, modelVersion, cancellationToken);
            batch.AddReview(kind, record, recordId, candidate.Candidate.PersonId, decisionId, candidate.Score);
        }
    }

    private static void ApplyChangesInMemory(
        BatchState batch, BatchPerson person, SourceRecord record, long recordId, SurvivorshipPolicy policy, long? decisionId, IReadOnlyList<string> keys, bool isNew)
    {
        IReadOnlyList<FieldChange> changes = GoldenRecordMerger.Changes(isNew ? null : person.Fields, record, batch.RunId, batch.Now, policy, recordId);
        if (changes.Count > 0 && !isNew && person.Overridden.Count > 0)
        {
            changes = changes.Where(c => !person.Overridden.Contains(c.Path)).ToList();
        }

        batch.SetFields(person, changes, decisionId, touch: !isNew);
        batch.AddBlockingKeys(person, keys);
    }

    private static readonly HashSet<Guid> s_noneRuledOut = [];

    /// <summary>What a batch counted.</summary>
    private sealed class BatchCounts
    {
        public long Accepted { get; set; }

        public long Unchanged { get; set; }

        public long Linked { get; set; }

        public long Reviewed { get; set; }

        public long Created { get; set; }
    }

    /// <summary>A record of the batch with what the matcher derived from it once.</summary>
    private sealed record RecordWork(SourceRecord Record, PreparedRecord Prepared, IReadOnlyList<string> Keys);

    /// <summary>A source link as read or as the batch last set it.</summary>
    private sealed record LinkInfo(Guid? PersonId, string State, string Method, long? DecisionId);

    /// <summary>A person resolution may read or change: its NIK, status, golden fields and overridden fields.</summary>
    /// <summary>How much of a person a batch has read (<see cref="BatchPerson.Read"/>), in increasing order.</summary>
    private enum PersonRead
    {
        None,
        Values,
        Lineage,
    }

    private sealed class BatchPerson(Guid personId, string? nik, bool active, Dictionary<string, GoldenValue> fields, HashSet<string> overridden)
    {
        private MatchCandidate? _candidate;

        public Guid PersonId { get; } = personId;

        public string? Nik { get; set; } = nik;

        public bool Active { get; } = active;

        public Dictionary<string, GoldenValue> Fields { get; } = fields;

        public HashSet<string> Overridden { get; } = overridden;

        /// <summary>
        /// How much of the person the batch has read: nothing yet; its values (enough to score it as a blocking
        /// candidate; <see cref="Fields"/> then carry a placeholder provenance that nothing reads); or its values with
        /// their provenance and <see cref="Overridden"/>, which changing the person needs.
        /// </summary>
        public PersonRead Read { get; set; }

        public MatchCandidate Candidate => _candidate ??= new MatchCandidate(
            PersonId, Nik, Fields.ToDictionary(f => f.Key, f => (string?)f.Value.Value, StringComparer.Ordinal));

        public void Changed() => _candidate = null;
    }
}
