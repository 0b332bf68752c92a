using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Ports;

/// <summary>A candidate of a search, with the matcher's score against what was searched for.</summary>
public sealed record PersonSearchHit(GoldenRecord Person, MatchScore Score);

/// <summary>Probabilistic search of the master index by name and birth date, through the persisted blocking keys.</summary>
public interface IPersonSearch
{
    /// <summary>
    /// The active persons that the matcher scores at least at its review threshold against <paramref name="name"/>
    /// and <paramref name="birthDate"/> (yyyy-MM-dd), best first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<PersonSearchHit>> SearchAsync(string name, string birthDate, int limit, CancellationToken cancellationToken);
}
