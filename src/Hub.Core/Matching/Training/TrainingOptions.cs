namespace IntegrationHub.Core.Matching.Training;

/// <summary>How <see cref="MatchTrainer"/> trains; every default is what the shipped models were trained with.</summary>
public sealed record TrainingOptions
{
    /// <summary>Record pairs drawn at random to estimate u (all pairs when there are fewer). Default 2,000,000.</summary>
    public long RandomPairs { get; init; } = 2_000_000;

    /// <summary>Most EM iterations per blocking rule. Default 200.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>EM stops when no m and no match share moves by more than this. Default 1e-6.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>The trained model's version; default: the configuration's version plus a hash of the trained parameters.</summary>
    public string? Version { get; init; }

    /// <summary>Estimate term-frequency tables for comparisons that ask for them. Default true.</summary>
    public bool TermFrequencies { get; init; } = true;

    /// <summary>Smallest m or u written to the model, so that no level has an infinite weight. Default 1e-6.</summary>
    public double MinProbability { get; init; } = 1e-6;
}
