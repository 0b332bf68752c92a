using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>The database the hub writes to in a run.</summary>
internal enum BenchDatabase
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The command line of <c>Hub.Bench ingest</c>. Parsed by hand: the benchmark must not depend on the product's
/// command-line library version, and it has few options.
/// </summary>
internal sealed class BenchArguments
{
    public const int DefaultSeed = 20251;

    public int Rows { get; private set; } = 10_000;

    public BenchDatabase Database { get; private set; } = BenchDatabase.Sqlite;

    public int Seed { get; private set; } = DefaultSeed;

    /// <summary>Records per transaction in the hub ingest (the product default) and per BPJS page.</summary>
    public int BatchSize { get; private set; } = 500;

    /// <summary>Where the Markdown result goes; default <c>bench/results</c> of the repository.</summary>
    public string? ResultsDirectory { get; private set; }

    /// <summary>Keep the work directory (generated files, SQLite databases) and PostgreSQL databases after the run.</summary>
    public bool Keep { get; private set; }

    /// <summary>The arguments as given, for the report's command line.</summary>
    public IReadOnlyList<string> Raw { get; private set; } = [];

    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var result = new BenchArguments { Raw = [.. args] };
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--rows":
                    result.Rows = int.Parse(Value(), NumberStyles.None, CultureInfo.InvariantCulture);
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

        if (result.Rows < 1 || result.BatchSize < 1)
        {
            throw new ArgumentException("--rows and --batch must be at least 1.");
        }

        return result;
    }
}
