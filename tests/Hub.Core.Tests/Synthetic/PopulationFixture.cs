using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Core.Tests.Synthetic;

/// <summary>One generated population shared by the statistical tests, so it is generated once.</summary>
public sealed class PopulationFixture
{
    public static readonly DateOnly Today = new(2025, 11, 23);

    public const int Seed = 20251123;

    public PopulationFixture()
    {
        People = new PopulationGenerator(Seed, Today).Generate(50_000).ToList();
    }

    public IReadOnlyList<SyntheticPerson> People { get; }

    /// <summary>Age in whole years on the date of death, or on <see cref="Today"/> for the living.</summary>
    public static int AgeOf(SyntheticPerson person)
    {
        var at = person.DateOfDeath ?? Today;
        var age = at.Year - person.BirthDate.Year;
        return at < person.BirthDate.AddYears(age) ? age - 1 : age;
    }
}
