using System.Data.Common;
using Dapper;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Ports;
using IntegrationHub.Storage.Internal;

namespace IntegrationHub.Storage;

/// <summary>
/// Search by name and birth date for lookups: the searched values are prepared as a record of their own, its
/// blocking keys find candidates in <c>person_block</c> (the same indexed lookup ingest uses), and the matcher scores
/// each candidate; those at or above its review threshold are returned, best first.
/// </summary>
internal sealed partial class MasterIndexStore : IPersonSearch
{
    public async Task<IReadOnlyList<PersonSearchHit>> SearchAsync(string name, string birthDate, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(birthDate);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var engine = _resolver.Value.Engine;
        var searched = engine.Prepare(new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [CanonicalFields.NormalisedName.Path] = name,
            [CanonicalFields.BirthDate.Path] = birthDate,
        });
        var keys = engine.BlockingKeys(searched);
        if (keys.Count == 0)
        {
            return [];
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = _dialect.Provider == DatabaseProvider.Postgres
            ? await connection.QueryAsync<IdRow>(new CommandDefinition(SearchSql.CandidatesPostgres, new { Keys = keys.ToArray(), Limit = MaxCandidates }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<IdRow>(new CommandDefinition(SearchSql.CandidatesSqlite, new { Keys = keys, Limit = MaxCandidates }, cancellationToken: cancellationToken));
        var ids = rows.Select(r => SqlDialect.ReadId(r.person_id)).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var scored = new List<(Guid PersonId, MatchScore Score)>();
        foreach (var candidate in await LoadSearchCandidatesAsync(connection, ids, cancellationToken))
        {
            var score = engine.Score(searched, engine.Prepare(candidate.Fields));
            if (score.Outcome != MatchOutcome.NewPerson)
            {
                scored.Add((candidate.PersonId, score));
            }
        }

        var hits = new List<PersonSearchHit>();
        foreach (var (personId, score) in scored.OrderByDescending(s => s.Score.Weight).ThenBy(s => s.PersonId).Take(limit))
        {
            if (await LoadGoldenAsync(connection, null, personId, cancellationToken) is { } person)
            {
                hits.Add(new PersonSearchHit(person, score));
            }
        }

        return hits;
    }

    private async Task<IReadOnlyList<MatchCandidate>> LoadSearchCandidatesAsync(DbConnection connection, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        IEnumerable<CandidateFieldRow> rows = _dialect.Provider == DatabaseProvider.Postgres
            ? await connection.QueryAsync<CandidateFieldRow>(new CommandDefinition(SearchSql.CandidateFieldsPostgres, new { Ids = ids.ToArray() }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<CandidateFieldRow>(new CommandDefinition(SearchSql.CandidateFieldsSqlite, new { Ids = ids.Select(i => _dialect.Id(i)).ToList() }, cancellationToken: cancellationToken));
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

    private static class SearchSql
    {
        // The persons sharing the most searched keys first, so that the cap keeps the likeliest on both engines.
        public const string CandidatesSqlite = """
            SELECT b.person_id FROM person_block b JOIN person p ON p.person_id = b.person_id
             WHERE b.block_key IN @Keys AND p.status = 'active'
             GROUP BY b.person_id ORDER BY COUNT(*) DESC, b.person_id LIMIT @Limit
            """;

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
    }
}
