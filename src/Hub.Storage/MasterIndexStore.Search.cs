using Dapper;
using IntegrationHub.Core.Canonical;
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
            ? await connection.QueryAsync<IdRow>(new CommandDefinition(ResolutionSql.CandidatesPostgres, new { Keys = keys.ToArray(), Limit = MaxCandidates }, cancellationToken: cancellationToken))
            : await connection.QueryAsync<IdRow>(new CommandDefinition(ResolutionSql.CandidatesSqlite, new { Keys = keys, Limit = MaxCandidates }, cancellationToken: cancellationToken));
        var ids = rows.Select(r => SqlDialect.ReadId(r.person_id)).ToList();
        if (ids.Count == 0)
        {
            return [];
        }

        var scored = new List<(Guid PersonId, MatchScore Score)>();
        foreach (var candidate in await LoadCandidatesAsync(connection, null, ids, cancellationToken))
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
}
