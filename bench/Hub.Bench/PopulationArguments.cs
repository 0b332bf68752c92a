using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>The command line of <c>Hub.Bench population</c>, parsed by hand like <see cref="BenchArguments"/>.</summary>
internal sealed class PopulationArguments
{
    /// <summary>Not 20251: that seed trains the shipped model, and a benchmark must not score the model on its own training data.</summary>
    public const int DefaultSeed = 7;

    public int People { get; private set; } = 20_000;

    public BenchDatabase Database { get; private set; } = BenchDatabase.Sqlite;

    public int Seed { get; private set; } = DefaultSeed;

    /// <summary>Records per transaction in the hub ingest (the product default) and per BPJS page.</summary>
    public int BatchSize { get; private set; } = 500;

    /// <summary>Where the Markdown result goes; default <c>bench/results</c> of the repository.</summary>
    public string? ResultsDirectory { get; private set; }

    /// <summary>Keep the work directory (generated population, SQLite databases, hub.json) and PostgreSQL databases.</summary>
    public bool Keep { get; private set; }

    /// <summary>The arguments as given, for the report's command line.</summary>
    public IReadOnlyList<string> Raw { get; private set; } = [];

    public static PopulationArguments Parse(IReadOnlyList<string> args)
    {
        var result = new PopulationArguments { Raw = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--people":
                    result.People = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--db":
                    result.Database = Value() switch
                    {
                        "sqlite" => BenchDatabase.Sqlite,
                        "postgres" => BenchDatabase.Postgres,
                        var other => throw new ArgumentException($"--db must be sqlite or postgres, not '{other}'."),
                    };
                    break;
                case "--seed":
                    result.Seed = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--batch":
                    result.BatchSize = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case "--results":
                    result.ResultsDirectory = Value();
                    break;
                case "--keep":
                    result.Keep = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        if (result.People < 1 || result.BatchSize < 1)
        {
            throw new ArgumentException("--people and --batch must be at least 1.");
        }

        return result;
    }
}
