namespace IntegrationHub.Bench;

/// <summary>The command line of <c>Hub.Bench scale</c>: <c>--people N[,N...]</c> plus the shared population options.</summary>
internal sealed class ScaleArguments : PopulationRunArguments
{
    /// <summary>The population sizes, ascending; the growth curve by default.</summary>
    public IReadOnlyList<int> People { get; private set; } = [100_000, 300_000, 1_000_000];

    public static ScaleArguments Parse(IReadOnlyList<string> args) => Parse(new ScaleArguments(), args);

    protected override bool TryParseOwn(string option, Func<string> value)
    {
        if (option != "--people")
        {
            return false;
        }

        var text = value();
        try
        {
            People = [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Count).Distinct().Order()];
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw new ArgumentException($"--people takes sizes separated by commas, e.g. 100000,300000; not '{text}'.", ex);
        }

        return true;
    }

    protected override void Validate()
    {
        if (People.Count == 0 || People[0] < 1)
        {
            throw new ArgumentException("--people must list one or more sizes of at least 1, e.g. --people 100000,300000.");
        }
    }
}
