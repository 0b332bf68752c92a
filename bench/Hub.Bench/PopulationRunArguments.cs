using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>
/// The options every benchmark over a generated population shares (<c>--db</c>, <c>--seed</c>, <c>--batch</c>,
/// <c>--results</c>, <c>--keep</c>), parsed in one place; a subclass adds its own sizes through
/// <see cref="TryParseOwn"/> and checks them in <see cref="Validate"/>.
/// </summary>
internal abstract class PopulationRunArguments
{
    /// <summary>Not 20251: that seed trains the shipped model, and a benchmark must not score the model on its own training data.</summary>
    public const int DefaultSeed = 7;

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

    /// <summary>Reads an option of the subclass's own; false when it is not one.</summary>
    protected abstract bool TryParseOwn(string option, Func<string> value);

    /// <summary>Throws <see cref="ArgumentException"/> when the parsed values cannot run.</summary>
    protected abstract void Validate();

    protected static int Count(string value) => int.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    protected static T Parse<T>(T result, IReadOnlyList<string> args)
        where T : PopulationRunArguments
    {
        result.Raw = [.. args];
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--db":
                    result.Database = Value() switch
                    {
                        "sqlite" => BenchDatabase.Sqlite,
                        "postgres" => BenchDatabase.Postgres,
                        var other => throw new ArgumentException($"--db must be sqlite or postgres, not '{other}'."),
                    };
                    break;
                case "--seed":
                    result.Seed = Count(Value());
                    break;
                case "--batch":
                    result.BatchSize = Count(Value());
                    break;
                case "--results":
                    result.ResultsDirectory = Value();
                    break;
                case "--keep":
                    result.Keep = true;
                    break;
                default:
                    if (!result.TryParseOwn(args[i], Value))
                    {
                        throw new ArgumentException($"Unknown option '{args[i]}'.");
                    }

                    break;
            }
        }

        if (result.BatchSize < 1)
        {
            throw new ArgumentException("--batch must be at least 1.");
        }

        result.Validate();
        return result;
    }
}
