using System.Data.Common;
using System.Text.Json;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

// The manual side of identity resolution. Each operation runs in one transaction, writes a decision with who and
// why, and leaves an event in the history of every person it touches. Golden records are rebuilt from the
// records linked to a person, so what an operation undoes is undone exactly.
internal sealed partial class MasterIndexStore
{
    private const string OverrideSource = "override";

    public async Task<IReadOnlyList<ReviewItemSummary>> ListReviewAsync(string? status, ReviewKind? kind, long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReviewRow>(new CommandDefinition(
            OpsSql.ListReview,
            new { Status = status, Kind = kind is { } k ? ReviewKinds.ToText(k) : null, AfterId = afterId, Limit = Math.Min(limit, 1000) },
            cancellationToken: cancellationToken));
        return rows.Select(ToSummary).ToList();
    }

    public async Task<long> CountReviewAsync(string status, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(OpsSql.CountReview, new { Status = status }, cancellationToken: cancellationToken));
    }

    public async Task<ReviewItemDetail?> GetReviewAsync(long reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(OpsSql.GetReview, new { ReviewId = reviewId }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        // The version of the record that was reviewed, not a later one.
        var record = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            OpsSql.PayloadById, new { RecordId = row.source_record_id ?? 0L }, cancellationToken: cancellationToken));
        var values = record is null
            ? new Dictionary<string, string>()
            : JsonSerializer.Deserialize<Dictionary<string, string>>(record) ?? [];
        var decision = await connection.QuerySingleOrDefaultAsync<DecisionRow>(new CommandDefinition(OpsSql.GetDecision, new { DecisionId = row.decision_id }, cancellationToken: cancellationToken));
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ResolutionSql.GetLink, new { Source = row.source, SourceKey = row.source_key }, cancellationToken: cancellationToken));
        var candidate = await LoadGoldenAsync(connection, null, SqlDialect.ReadId(row.person_id), cancellationToken);
        return new ReviewItemDetail(
            ToSummary(row),
            values,
            link?.person_id is { } p ? SqlDialect.ReadId(p) : null,
            candidate,
            ReadBreakdown(decision?.breakdown),
            decision?.model_version,
            row.decided_by,
            row.reason,
            SqlDialect.ReadNullableTime(row.decided_at));
    }

    public async Task<IdentityOpResult> DecideReviewAsync(long reviewId, ReviewDecision decision, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var row = await connection.QuerySingleOrDefaultAsync<ReviewRow>(new CommandDefinition(OpsSql.GetReview, new { ReviewId = reviewId }, transaction, cancellationToken: cancellationToken));
        if (row is null)
        {
            return IdentityOpResult.NotFound($"Review item {reviewId} does not exist.");
        }

        if (row.status != "open")
        {
            return IdentityOpResult.Conflict($"Review item {reviewId} was already decided ({row.status}).");
        }

        var candidate = await FollowMergesAsync(connection, transaction, SqlDialect.ReadId(row.person_id), cancellationToken);
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ResolutionSql.GetLink, new { Source = row.source, SourceKey = row.source_key }, transaction, cancellationToken: cancellationToken));
        IdentityOpResult result;
        string status;
        if (decision == ReviewDecision.Link)
        {
            status = "linked";
            if (link is { state: LinkState.Linked, person_id: not null } && await FollowMergesAsync(connection, transaction, SqlDialect.ReadId(link.person_id), cancellationToken) is var current && current != candidate)
            {
                // The record already has a person: the reviewer says that person and the candidate are one.
                result = await MergeInTransactionAsync(connection, transaction, candidate, current, actor, now, cancellationToken);
            }
            else
            {
                result = await LinkInTransactionAsync(connection, transaction, row.source, row.source_key, candidate, actor, now, cancellationToken);
            }

            if (result.Status == IdentityOpStatus.Ok)
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    OpsSql.SupersedeOthers, new { Source = row.source, SourceKey = row.source_key, ReviewId = reviewId, DecidedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
            }
        }
        else
        {
            status = "not-a-match";
            var decisionId = await InsertDecisionAsync(connection, transaction, row.source, row.source_key, row.source_record_id, candidate, "not-a-match", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(
                OpsSql.InsertNotAMatch, new { Source = row.source, SourceKey = row.source_key, PersonId = _dialect.Id(candidate), DecisionId = decisionId, CreatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
            if (candidate != SqlDialect.ReadId(row.person_id))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    OpsSql.InsertNotAMatch, new { Source = row.source, SourceKey = row.source_key, PersonId = _dialect.Id(SqlDialect.ReadId(row.person_id)), DecisionId = decisionId, CreatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
            }

            result = IdentityOpResult.Ok("Recorded as not a match; automatic runs will not link this pair.");
            var othersOpen = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                OpsSql.CountOtherOpen, new { Source = row.source, SourceKey = row.source_key, ReviewId = reviewId }, transaction, cancellationToken: cancellationToken));
            if (link is { state: LinkState.Review } && othersOpen == 0)
            {
                // Nobody else is in question: the record is a person of its own.
                var personId = await CreatePersonAsync(connection, transaction, null, now, cancellationToken);
                await UpsertLinkAsync(connection, transaction, row.source, row.source_key, personId, LinkState.Linked, "manual", decisionId, now, cancellationToken);
                await InsertEventAsync(connection, transaction, personId, "created", row.source, row.source_key, null, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
                await RebuildAsync(connection, transaction, personId, now, cancellationToken);
                result = IdentityOpResult.Ok("Recorded as not a match; the record is now a person of its own.", personId);
            }
        }

        if (result.Status != IdentityOpStatus.Ok)
        {
            return result;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            OpsSql.DecideReview,
            new { ReviewId = reviewId, Status = status, DecidedBy = actor.Actor, actor.Reason, DecidedAt = _dialect.Time(now) },
            transaction,
            cancellationToken: cancellationToken));
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public async Task<IdentityOpResult> LinkAsync(string source, string sourceKey, Guid personId, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var result = await LinkInTransactionAsync(connection, transaction, source, sourceKey, personId, actor, _time.GetUtcNow(), cancellationToken);
        if (result.Status == IdentityOpStatus.Ok)
        {
            await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    public async Task<IdentityOpResult> UnlinkAsync(string source, string sourceKey, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ResolutionSql.GetLink, new { Source = source, SourceKey = sourceKey }, transaction, cancellationToken: cancellationToken));
        if (link is not { state: LinkState.Linked, person_id: not null })
        {
            return IdentityOpResult.NotFound($"No linked record {source}/{sourceKey}.");
        }

        var from = await FollowMergesAsync(connection, transaction, SqlDialect.ReadId(link.person_id), cancellationToken);
        var linkedCount = await connection.ExecuteScalarAsync<long>(new CommandDefinition(OpsSql.CountLinks, new { PersonId = _dialect.Id(from) }, transaction, cancellationToken: cancellationToken));
        if (linkedCount <= 1)
        {
            return IdentityOpResult.Conflict("The record is the person's only record; there is nothing to unlink it from.");
        }

        var decisionId = await InsertDecisionAsync(connection, transaction, source, sourceKey, null, from, "unlink", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            OpsSql.InsertNotAMatch, new { Source = source, SourceKey = sourceKey, PersonId = _dialect.Id(from), DecisionId = decisionId, CreatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));

        // The NIK goes with the record that gave it.
        var payloadNik = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            OpsSql.LatestPayload, new { Source = source, SourceKey = sourceKey }, transaction, cancellationToken: cancellationToken)) is { } payload
            && JsonSerializer.Deserialize<Dictionary<string, string>>(payload) is { } values && values.TryGetValue(CanonicalFields.Nik.Path, out var n) ? n : null;
        var fromNik = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(OpsSql.PersonNik, new { PersonId = _dialect.Id(from) }, transaction, cancellationToken: cancellationToken));
        string? movesNik = null;
        if (payloadNik is not null && string.Equals(payloadNik, fromNik, StringComparison.Ordinal) && string.Equals(link.method, "new", StringComparison.Ordinal))
        {
            movesNik = fromNik;
            await connection.ExecuteAsync(new CommandDefinition(OpsSql.ClearNik, new { PersonId = _dialect.Id(from) }, transaction, cancellationToken: cancellationToken));
        }

        var personId = await CreatePersonAsync(connection, transaction, movesNik, now, cancellationToken);
        await UpsertLinkAsync(connection, transaction, source, sourceKey, personId, LinkState.Linked, "manual", decisionId, now, cancellationToken);
        await InsertEventAsync(connection, transaction, from, "unlinked", source, sourceKey, personId, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        await InsertEventAsync(connection, transaction, personId, "created", source, sourceKey, from, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        await RebuildAsync(connection, transaction, from, now, cancellationToken);
        await RebuildAsync(connection, transaction, personId, now, cancellationToken);
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        await transaction.CommitAsync(cancellationToken);
        return IdentityOpResult.Ok("Unlinked; the record is now a person of its own and will not be linked back automatically.", personId);
    }

    public async Task<IdentityOpResult> MergeAsync(Guid survivorId, Guid absorbedId, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var result = await MergeInTransactionAsync(connection, transaction, survivorId, absorbedId, actor, _time.GetUtcNow(), cancellationToken);
        if (result.Status == IdentityOpStatus.Ok)
        {
            await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
            await transaction.CommitAsync(cancellationToken);
        }

        return result;
    }

    public async Task<IdentityOpResult> UnmergeAsync(long mergeEventId, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var merge = await connection.QuerySingleOrDefaultAsync<EventRow>(new CommandDefinition(OpsSql.GetEvent, new { EventId = mergeEventId }, transaction, cancellationToken: cancellationToken));
        if (merge is not { kind: "merged", other_person_id: not null, detail: not null })
        {
            return IdentityOpResult.NotFound($"Event {mergeEventId} is not a merge.");
        }

        var survivor = SqlDialect.ReadId(merge.person_id);
        var absorbed = SqlDialect.ReadId(merge.other_person_id);
        var mergedInto = await connection.ExecuteScalarAsync<object>(new CommandDefinition(ResolutionSql.MergedInto, new { PersonId = _dialect.Id(absorbed) }, transaction, cancellationToken: cancellationToken));
        if (mergedInto is null or DBNull || SqlDialect.ReadId(mergedInto) != survivor)
        {
            return IdentityOpResult.Conflict($"Merge {mergeEventId} was already undone.");
        }

        var snapshot = JsonSerializer.Deserialize<MergeSnapshot>(merge.detail, s_json) ?? new MergeSnapshot([]);
        var decisionId = await InsertDecisionAsync(connection, transaction, "person", absorbed.ToString(), null, survivor, "unmerge", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
        foreach (var key in snapshot.Links)
        {
            // Records linked to the survivor since the merge stay with it; the absorbed person's own come back.
            await connection.ExecuteAsync(new CommandDefinition(
                OpsSql.MoveLinkBack,
                new { key.Source, key.SourceKey, From = _dialect.Id(survivor), To = _dialect.Id(absorbed), UpdatedAt = _dialect.Time(now) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition(OpsSql.Reactivate, new { PersonId = _dialect.Id(absorbed) }, transaction, cancellationToken: cancellationToken));
        var eventId = await InsertEventAsync(connection, transaction, survivor, "unmerged", null, null, absorbed, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        await InsertEventAsync(connection, transaction, absorbed, "unmerged", null, null, survivor, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        await RebuildAsync(connection, transaction, survivor, now, cancellationToken);
        await RebuildAsync(connection, transaction, absorbed, now, cancellationToken);
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        await transaction.CommitAsync(cancellationToken);
        return IdentityOpResult.Ok("Unmerged; both persons are as they were before the merge.", absorbed, eventId);
    }

    public async Task<IdentityOpResult> OverrideFieldAsync(Guid personId, string field, string? value, ActorContext actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (CanonicalFields.Find(field) is null)
        {
            return IdentityOpResult.NotFound($"'{field}' is not a canonical field.");
        }

        var now = _time.GetUtcNow();
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        BeginChangeCapture(transaction); // change feed (MasterIndexStore.Feed.cs)
        var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(OpsSql.PersonStatus, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        if (status is null)
        {
            return IdentityOpResult.NotFound($"Person {personId} does not exist.");
        }

        if (status != "active")
        {
            return IdentityOpResult.Conflict($"Person {personId} is {status}; override the surviving person instead.");
        }

        var decisionId = await InsertDecisionAsync(connection, transaction, "person", personId.ToString(), null, personId, value is null ? "override-cleared" : "override", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
        if (value is null)
        {
            await connection.ExecuteAsync(new CommandDefinition(OpsSql.DeleteOverride, new { PersonId = _dialect.Id(personId), Field = field }, transaction, cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition(
                OpsSql.UpsertOverride,
                new { PersonId = _dialect.Id(personId), Field = field, Value = value.Trim(), actor.Actor, actor.Reason, CreatedAt = _dialect.Time(now) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await InsertEventAsync(connection, transaction, personId, value is null ? "override-cleared" : "override", null, null, null, decisionId, actor.Actor, actor.Reason, JsonSerializer.Serialize(new { field }, s_json), now, cancellationToken);
        await RebuildAsync(connection, transaction, personId, now, cancellationToken);
        await FlushChangesAsync(connection, transaction, cancellationToken); // change feed (MasterIndexStore.Feed.cs)
        await transaction.CommitAsync(cancellationToken);
        return IdentityOpResult.Ok(value is null ? $"Override of {field} cleared." : $"{field} overridden.", personId, decisionId);
    }

    public async Task<GoldenRecord?> FindPersonAsync(Guid personId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var id = await FollowMergesAsync(connection, null, personId, cancellationToken);
        return await LoadGoldenAsync(connection, null, id, cancellationToken);
    }

    public async Task<IReadOnlyList<PersonEvent>> GetHistoryAsync(Guid personId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<EventRow>(new CommandDefinition(OpsSql.History, new { PersonId = _dialect.Id(personId) }, cancellationToken: cancellationToken));
        return rows.Select(r => new PersonEvent(
            r.event_id,
            SqlDialect.ReadId(r.person_id),
            r.kind,
            r.source,
            r.source_key,
            r.other_person_id is { } o ? SqlDialect.ReadId(o) : null,
            r.decision_id,
            r.actor,
            r.reason,
            SqlDialect.ReadTime(r.created_at))).ToList();
    }

    public async Task<IReadOnlyList<SourceLinkInfo>> ListLinksAsync(Guid personId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<LinkListRow>(new CommandDefinition(OpsSql.ListLinks, new { PersonId = _dialect.Id(personId) }, cancellationToken: cancellationToken));
        return rows.Select(r => new SourceLinkInfo(r.source, r.source_key, r.state, r.method, r.decision_id, SqlDialect.ReadTime(r.updated_at))).ToList();
    }

    public async Task<IReadOnlyList<MatchDecisionInfo>> ListDecisionsAsync(string source, string sourceKey, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<DecisionRow>(new CommandDefinition(OpsSql.ListDecisions, new { Source = source, SourceKey = sourceKey }, cancellationToken: cancellationToken));
        return rows.Select(r => new MatchDecisionInfo(
            r.decision_id,
            r.source,
            r.source_key,
            r.person_id is { } p ? SqlDialect.ReadId(p) : null,
            r.outcome,
            r.method,
            r.weight,
            r.probability,
            ReadBreakdown(r.breakdown),
            r.model_version,
            r.actor,
            r.reason,
            SqlDialect.ReadTime(r.created_at))).ToList();
    }

    public async IAsyncEnumerable<RecordAssignment> ListAssignmentsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var merges = await LoadMergesAsync(connection, cancellationToken);
        await foreach (var r in connection.QueryUnbufferedAsync<AssignmentRow>(OpsSql.Assignments).WithCancellation(cancellationToken))
        {
            yield return new RecordAssignment(r.source, r.source_key, r.person_id is { } p ? Survivor(merges, SqlDialect.ReadId(p)) : null, r.state, r.method);
        }
    }

    public async IAsyncEnumerable<ReviewPair> ListOpenReviewPairsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var merges = await LoadMergesAsync(connection, cancellationToken);
        await foreach (var r in connection.QueryUnbufferedAsync<ReviewPairRow>(OpsSql.OpenReviewPairs).WithCancellation(cancellationToken))
        {
            yield return new ReviewPair(r.source, r.source_key, Survivor(merges, SqlDialect.ReadId(r.person_id)), ReviewKinds.Parse(r.kind));
        }
    }

    private static async Task<Dictionary<Guid, Guid>> LoadMergesAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(object PersonId, object MergedInto)>(new CommandDefinition(OpsSql.Merges, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => SqlDialect.ReadId(r.PersonId), r => SqlDialect.ReadId(r.MergedInto));
    }

    private static Guid Survivor(Dictionary<Guid, Guid> merges, Guid personId)
    {
        var current = personId;
        for (var hops = 0; hops < 64 && merges.TryGetValue(current, out var next); hops++)
        {
            current = next;
        }

        return current;
    }

    private async Task<IdentityOpResult> LinkInTransactionAsync(
        DbConnection connection, DbTransaction transaction, string source, string sourceKey, Guid personId, ActorContext actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(OpsSql.PersonStatus, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        if (status is null)
        {
            return IdentityOpResult.NotFound($"Person {personId} does not exist.");
        }

        if (status != "active")
        {
            return IdentityOpResult.Conflict($"Person {personId} is {status}.");
        }

        var recordId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(ResolutionSql.LatestRecordId, new { Source = source, SourceKey = sourceKey }, transaction, cancellationToken: cancellationToken));
        if (recordId is null)
        {
            return IdentityOpResult.NotFound($"No record {source}/{sourceKey}.");
        }

        var link = await connection.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            ResolutionSql.GetLink, new { Source = source, SourceKey = sourceKey }, transaction, cancellationToken: cancellationToken));
        Guid? from = link is { state: LinkState.Linked, person_id: not null } ? await FollowMergesAsync(connection, transaction, SqlDialect.ReadId(link.person_id), cancellationToken) : null;
        if (from == personId)
        {
            return IdentityOpResult.Conflict($"{source}/{sourceKey} is already linked to person {personId}.");
        }

        var decisionId = await InsertDecisionAsync(connection, transaction, source, sourceKey, recordId, personId, "link", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            OpsSql.DeleteNotAMatch, new { Source = source, SourceKey = sourceKey, PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        await UpsertLinkAsync(connection, transaction, source, sourceKey, personId, LinkState.Linked, "manual", decisionId, now, cancellationToken);
        await InsertEventAsync(connection, transaction, personId, "linked", source, sourceKey, from, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        if (from is { } previous)
        {
            await InsertEventAsync(connection, transaction, previous, "unlinked", source, sourceKey, personId, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
            await RebuildAsync(connection, transaction, previous, now, cancellationToken);
            await RetireIfEmptyAsync(connection, transaction, previous, decisionId, actor, now, cancellationToken);
        }

        await RebuildAsync(connection, transaction, personId, now, cancellationToken);
        return IdentityOpResult.Ok($"{source}/{sourceKey} linked to person {personId}.", personId, decisionId);
    }

    private async Task<IdentityOpResult> MergeInTransactionAsync(
        DbConnection connection, DbTransaction transaction, Guid survivorId, Guid absorbedId, ActorContext actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (survivorId == absorbedId)
        {
            return IdentityOpResult.Conflict("A person cannot be merged into itself.");
        }

        foreach (var id in new[] { survivorId, absorbedId })
        {
            var status = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(OpsSql.PersonStatus, new { PersonId = _dialect.Id(id) }, transaction, cancellationToken: cancellationToken));
            if (status is null)
            {
                return IdentityOpResult.NotFound($"Person {id} does not exist.");
            }

            if (status != "active")
            {
                return IdentityOpResult.Conflict($"Person {id} is {status}.");
            }
        }

        var links = (await connection.QueryAsync<LinkListRow>(new CommandDefinition(OpsSql.ListLinks, new { PersonId = _dialect.Id(absorbedId) }, transaction, cancellationToken: cancellationToken)))
            .Select(l => new LinkKey(l.source, l.source_key))
            .ToList();
        var decisionId = await InsertDecisionAsync(connection, transaction, "person", absorbedId.ToString(), null, survivorId, "merge", "manual", null, null, actor.Actor, actor.Reason, null, now, cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            OpsSql.MoveAllLinks, new { From = _dialect.Id(absorbedId), To = _dialect.Id(survivorId), UpdatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            OpsSql.MarkMerged, new { PersonId = _dialect.Id(absorbedId), Into = _dialect.Id(survivorId), UpdatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(OpsSql.DeleteBlockingKeys, new { PersonId = _dialect.Id(absorbedId) }, transaction, cancellationToken: cancellationToken));
        var detail = JsonSerializer.Serialize(new MergeSnapshot(links), s_json);
        var eventId = await InsertEventAsync(connection, transaction, survivorId, "merged", null, null, absorbedId, decisionId, actor.Actor, actor.Reason, detail, now, cancellationToken);
        await InsertEventAsync(connection, transaction, absorbedId, "merged-into", null, null, survivorId, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        await RebuildAsync(connection, transaction, survivorId, now, cancellationToken);
        return IdentityOpResult.Ok($"Person {absorbedId} merged into {survivorId}.", survivorId, eventId);
    }

    private async Task RetireIfEmptyAsync(DbConnection connection, DbTransaction transaction, Guid personId, long decisionId, ActorContext actor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var remaining = await connection.ExecuteScalarAsync<long>(new CommandDefinition(OpsSql.CountLinks, new { PersonId = _dialect.Id(personId) }, transaction, cancellationToken: cancellationToken));
        if (remaining == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(OpsSql.Retire, new { PersonId = _dialect.Id(personId), UpdatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
            await InsertEventAsync(connection, transaction, personId, "retired", null, null, null, decisionId, actor.Actor, actor.Reason, null, now, cancellationToken);
        }
    }

    /// <summary>
    /// Recomputes a person's golden record and blocking keys from the latest version of every record linked to it,
    /// replayed in arrival order under the survivorship policy, then applies manual overrides.
    /// </summary>
    private async Task RebuildAsync(DbConnection connection, DbTransaction transaction, Guid personId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = _dialect.Id(personId);
        await connection.ExecuteAsync(new CommandDefinition(OpsSql.DeleteFields, new { PersonId = id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(OpsSql.DeleteBlockingKeys, new { PersonId = id }, transaction, cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<LinkedRecordRow>(new CommandDefinition(OpsSql.LinkedRecords, new { PersonId = id }, transaction, cancellationToken: cancellationToken));
        var golden = new Dictionary<string, GoldenValue>(StringComparer.Ordinal);
        var decisions = new Dictionary<string, long?>(StringComparer.Ordinal);
        var engine = _resolver.Value.Engine;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, string>>(row.payload) ?? [];
            var rules = row.rules is null ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(row.rules) ?? [];
            var builder = CanonicalRecord.CreateBuilder();
            foreach (var (path, value) in values)
            {
                if (CanonicalFields.Find(path) is { } field)
                {
                    builder.Set(field, value, rules.GetValueOrDefault(path) ?? "");
                }
            }

            var record = new SourceRecord(row.source, row.source_key, null, builder.Build(), row.location, row.line);
            foreach (var change in GoldenRecordMerger.Changes(golden, record, SqlDialect.ReadId(row.run_id), SqlDialect.ReadTime(row.received_at), SurvivorshipPolicy.Default, row.record_id))
            {
                golden[change.Path] = new GoldenValue(change.NewValue, change.Provenance);
                decisions[change.Path] = row.decision_id;
            }

            foreach (var key in engine.BlockingKeys(engine.Prepare(IdentityResolver.FieldsOf(record))))
            {
                keys.Add(key);
            }
        }

        var overrides = await connection.QueryAsync<OverrideRow>(new CommandDefinition(OpsSql.ListOverrides, new { PersonId = id }, transaction, cancellationToken: cancellationToken));
        foreach (var o in overrides)
        {
            golden[o.field] = new GoldenValue(o.value, new Provenance(OverrideSource, o.actor, Guid.Empty, null, null, SqlDialect.ReadTime(o.created_at), o.reason, null));
            decisions[o.field] = null;
        }

        // One multi-row write per decision that put values on the person, not one statement per field.
        foreach (var group in golden.GroupBy(g => decisions.GetValueOrDefault(g.Key)))
        {
            var changes = group.Select(g => new FieldChange(g.Key, null, g.Value.Value, g.Value.Provenance)).ToList();
            await WriteFieldsAsync(connection, transaction, personId, changes, group.Key, cancellationToken);
        }

        await AddBlockingKeysAsync(connection, transaction, personId, keys.ToList(), cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(Sql.TouchPerson, new { PersonId = id, UpdatedAt = _dialect.Time(now) }, transaction, cancellationToken: cancellationToken));
    }

    private static List<ComparisonScore> ReadBreakdown(string? json) =>
        json is null ? [] : JsonSerializer.Deserialize<List<ComparisonScore>>(json, s_json) ?? [];

    private static ReviewItemSummary ToSummary(ReviewRow r) => new(
        r.review_id, ReviewKinds.Parse(r.kind), r.source, r.source_key, SqlDialect.ReadId(r.person_id), r.weight, r.probability, r.status, SqlDialect.ReadTime(r.created_at));

    private sealed record LinkKey(string Source, string SourceKey);

    private sealed record MergeSnapshot(IReadOnlyList<LinkKey> Links);

#pragma warning disable IDE1006, CA1812 // snake_case mirrors the columns; Dapper instantiates these.
    private sealed class ReviewRow
    {
        public long review_id { get; set; }

        public string kind { get; set; } = default!;

        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public long? source_record_id { get; set; }

        public object person_id { get; set; } = default!;

        public long decision_id { get; set; }

        public double? weight { get; set; }

        public double? probability { get; set; }

        public string status { get; set; } = default!;

        public string? decided_by { get; set; }

        public string? reason { get; set; }

        public object? decided_at { get; set; }

        public object created_at { get; set; } = default!;
    }

    private sealed class DecisionRow
    {
        public long decision_id { get; set; }

        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object? person_id { get; set; }

        public string outcome { get; set; } = default!;

        public string method { get; set; } = default!;

        public double? weight { get; set; }

        public double? probability { get; set; }

        public string? breakdown { get; set; }

        public string? model_version { get; set; }

        public string? actor { get; set; }

        public string? reason { get; set; }

        public object created_at { get; set; } = default!;
    }

    private sealed class EventRow
    {
        public long event_id { get; set; }

        public object person_id { get; set; } = default!;

        public string kind { get; set; } = default!;

        public string? source { get; set; }

        public string? source_key { get; set; }

        public object? other_person_id { get; set; }

        public long? decision_id { get; set; }

        public string? actor { get; set; }

        public string? reason { get; set; }

        public string? detail { get; set; }

        public object created_at { get; set; } = default!;
    }

    private sealed class LinkListRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public string state { get; set; } = default!;

        public string method { get; set; } = default!;

        public long? decision_id { get; set; }

        public object updated_at { get; set; } = default!;
    }

    private sealed class LinkedRecordRow
    {
        public long record_id { get; set; }

        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object run_id { get; set; } = default!;

        public string? location { get; set; }

        public long? line { get; set; }

        public object received_at { get; set; } = default!;

        public string payload { get; set; } = default!;

        public string? rules { get; set; }

        public long? decision_id { get; set; }
    }

    private sealed class AssignmentRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object? person_id { get; set; }

        public string state { get; set; } = default!;

        public string method { get; set; } = default!;
    }

    private sealed class ReviewPairRow
    {
        public string source { get; set; } = default!;

        public string source_key { get; set; } = default!;

        public object person_id { get; set; } = default!;

        public string kind { get; set; } = default!;
    }

    private sealed class OverrideRow
    {
        public string field { get; set; } = default!;

        public string value { get; set; } = default!;

        public string actor { get; set; } = default!;

        public string reason { get; set; } = default!;

        public object created_at { get; set; } = default!;
    }
#pragma warning restore IDE1006, CA1812

    private static class OpsSql
    {
        private const string ReviewColumns = "review_id, kind, source, source_key, source_record_id, person_id, decision_id, weight, probability, status, decided_by, reason, decided_at, created_at";

        public const string ListReview = "SELECT " + ReviewColumns + """
             FROM review_item
             WHERE (@Status IS NULL OR status = @Status) AND (@Kind IS NULL OR kind = @Kind) AND review_id > @AfterId
             ORDER BY review_id LIMIT @Limit
            """;

        public const string CountReview = "SELECT COUNT(*) FROM review_item WHERE status = @Status";

        public const string GetReview = "SELECT " + ReviewColumns + " FROM review_item WHERE review_id = @ReviewId";

        public const string DecideReview = "UPDATE review_item SET status = @Status, decided_by = @DecidedBy, reason = @Reason, decided_at = @DecidedAt WHERE review_id = @ReviewId";

        public const string SupersedeOthers = """
            UPDATE review_item SET status = 'superseded', decided_at = @DecidedAt
             WHERE source = @Source AND source_key = @SourceKey AND status = 'open' AND review_id <> @ReviewId
            """;

        public const string CountOtherOpen = "SELECT COUNT(*) FROM review_item WHERE source = @Source AND source_key = @SourceKey AND status = 'open' AND review_id <> @ReviewId";

        public const string PayloadById = "SELECT payload FROM source_record WHERE record_id = @RecordId";

        public const string LatestPayload = """
            SELECT payload FROM source_record
             WHERE record_id = (SELECT MAX(record_id) FROM source_record WHERE source = @Source AND source_key = @SourceKey)
            """;


        public const string GetDecision = """
            SELECT decision_id, source, source_key, person_id, outcome, method, weight, probability, breakdown, model_version, actor, reason, created_at
              FROM match_decision WHERE decision_id = @DecisionId
            """;

        public const string ListDecisions = """
            SELECT decision_id, source, source_key, person_id, outcome, method, weight, probability, breakdown, model_version, actor, reason, created_at
              FROM match_decision WHERE source = @Source AND source_key = @SourceKey ORDER BY decision_id
            """;

        public const string InsertNotAMatch = """
            INSERT INTO not_a_match (source, source_key, person_id, decision_id, created_at)
            VALUES (@Source, @SourceKey, @PersonId, @DecisionId, @CreatedAt)
            ON CONFLICT DO NOTHING
            """;

        public const string DeleteNotAMatch = "DELETE FROM not_a_match WHERE source = @Source AND source_key = @SourceKey AND person_id = @PersonId";

        public const string PersonStatus = "SELECT status FROM person WHERE person_id = @PersonId";

        public const string PersonNik = "SELECT nik FROM person WHERE person_id = @PersonId";

        public const string ClearNik = "UPDATE person SET nik = NULL WHERE person_id = @PersonId";

        public const string CountLinks = "SELECT COUNT(*) FROM source_link WHERE person_id = @PersonId AND state = 'linked'";

        public const string ListLinks = "SELECT source, source_key, state, method, decision_id, updated_at FROM source_link WHERE person_id = @PersonId AND state = 'linked' ORDER BY source, source_key";

        public const string MoveAllLinks = "UPDATE source_link SET person_id = @To, updated_at = @UpdatedAt WHERE person_id = @From";

        public const string MoveLinkBack = """
            UPDATE source_link SET person_id = @To, updated_at = @UpdatedAt
             WHERE source = @Source AND source_key = @SourceKey AND person_id = @From
            """;

        public const string MarkMerged = "UPDATE person SET status = 'merged', merged_into = @Into, updated_at = @UpdatedAt WHERE person_id = @PersonId";

        public const string Reactivate = "UPDATE person SET status = 'active', merged_into = NULL WHERE person_id = @PersonId";

        public const string Retire = "UPDATE person SET status = 'retired', updated_at = @UpdatedAt WHERE person_id = @PersonId";

        public const string GetEvent = "SELECT event_id, person_id, kind, source, source_key, other_person_id, decision_id, actor, reason, detail, created_at FROM person_event WHERE event_id = @EventId";

        public const string History = "SELECT event_id, person_id, kind, source, source_key, other_person_id, decision_id, actor, reason, detail, created_at FROM person_event WHERE person_id = @PersonId ORDER BY event_id";

        public const string DeleteFields = "DELETE FROM person_field WHERE person_id = @PersonId";

        public const string DeleteBlockingKeys = "DELETE FROM person_block WHERE person_id = @PersonId";

        public const string LinkedRecords = """
            SELECT r.record_id, r.source, r.source_key, r.run_id, r.location, r.line, r.received_at, r.payload, r.rules, l.decision_id
              FROM source_link l
              JOIN source_record r ON r.source = l.source AND r.source_key = l.source_key
             WHERE l.person_id = @PersonId AND l.state = 'linked'
               AND r.record_id = (SELECT MAX(x.record_id) FROM source_record x WHERE x.source = l.source AND x.source_key = l.source_key)
             ORDER BY r.record_id
            """;

        public const string ListOverrides = "SELECT field, value, actor, reason, created_at FROM field_override WHERE person_id = @PersonId";

        public const string UpsertOverride = """
            INSERT INTO field_override (person_id, field, value, actor, reason, created_at)
            VALUES (@PersonId, @Field, @Value, @Actor, @Reason, @CreatedAt)
            ON CONFLICT (person_id, field) DO UPDATE SET value = excluded.value, actor = excluded.actor, reason = excluded.reason, created_at = excluded.created_at
            """;

        public const string Assignments = "SELECT source, source_key, person_id, state, method FROM source_link";

        public const string OpenReviewPairs = "SELECT source, source_key, person_id, kind FROM review_item WHERE status = 'open'";

        public const string Merges = "SELECT person_id, merged_into FROM person WHERE status = 'merged'";

        public const string DeleteOverride = "DELETE FROM field_override WHERE person_id = @PersonId AND field = @Field";
    }
}
