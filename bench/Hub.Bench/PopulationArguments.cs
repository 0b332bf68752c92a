namespace IntegrationHub.Bench;

/// <summary>The command line of <c>Hub.Bench population</c>, parsed by hand like <see cref="BenchArguments"/>.</summary>
internal sealed class PopulationArguments : PopulationRunArguments
{
    public int People { get; private set; } = 20_000;

    public static PopulationArguments Parse(IReadOnlyList<string> args) => Parse(new PopulationArguments(), args);

    protected override bool TryParseOwn(string option, Func<string> value)
    {
        if (option != "--people")
        {
            return false;
        }

        People = Count(value());
        return true;
    }

    protected override void Validate()
    {
        if (People < 1)
        {
            throw new ArgumentException("--people must be at least 1.");
        }
    }
}
