using System.Text.Json.Serialization;

namespace IntegrationHub.Core.Matching.Model;

/// <summary>
/// The JSON form of a match model (docs/matching.md describes every member). <see cref="MatchModel"/> validates it;
/// this type is only its shape, so that a trainer can produce a new model with <c>with</c>.
/// </summary>
public sealed record MatchModelDocument
{
    /// <summary>The file format's name; always <see cref="MatchModel.FormatName"/>.</summary>
    public string Format { get; init; } = MatchModel.FormatName;

    /// <summary>The file format's version; this build reads <see cref="MatchModel.CurrentFormatVersion"/>.</summary>
    public int FormatVersion { get; init; } = MatchModel.CurrentFormatVersion;

    /// <summary>What the model matches (for example <c>person</c> or <c>febrl</c>).</summary>
    public string ModelId { get; init; } = string.Empty;

    /// <summary>The model's version: a configuration's own, or the one training gave it.</summary>
    public string Version { get; init; } = string.Empty;

    public string? Description { get; init; }

    public IReadOnlyList<FieldDefinition> Fields { get; init; } = [];

    public IReadOnlyList<ComparisonDefinition> Comparisons { get; init; } = [];

    public IReadOnlyList<BlockingRuleDefinition> Blocking { get; init; } = [];

    /// <summary>Lambda: the probability that two records drawn at random are the same entity.</summary>
    public double Prior { get; init; }

    public ThresholdsDefinition Thresholds { get; init; } = new();

    /// <summary>How the model was trained; null for a configuration that was never trained.</summary>
    public TrainingInfo? Training { get; init; }
}

/// <summary>One input field and how it is normalised before it is compared or blocked on.</summary>
public sealed record FieldDefinition
{
    /// <summary>The field's name: the key of the record dictionaries (a CSV column, a canonical dotted path).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// <c>trim</c> (default), <c>upper</c> (trim, collapse spaces, upper case), <c>digits</c> (digits only),
    /// <c>indonesian-name</c> (the hub's Indonesian name normaliser), <c>date</c> (parsed with
    /// <see cref="Formats"/>, kept as yyyyMMdd).
    /// </summary>
    public string Normalise { get; init; } = FieldNormalisers.Trim;

    /// <summary>Date formats for <c>date</c> fields (.NET custom formats), tried in order.</summary>
    public IReadOnlyList<string>? Formats { get; init; }
}

/// <summary>One comparison: a field, and ordered levels; a pair falls in the first level it satisfies.</summary>
public sealed record ComparisonDefinition
{
    public string Name { get; init; } = string.Empty;

    public string Field { get; init; } = string.Empty;

    public string? Description { get; init; }

    /// <summary>The levels in order; the last is normally <c>else</c>. A missing value on either side is the implicit <c>null</c> level (weight 0).</summary>
    public IReadOnlyList<LevelDefinition> Levels { get; init; } = [];

    /// <summary>Term-frequency adjustment of one level (normally the exact level of a name); null for none.</summary>
    public TermFrequencyDefinition? TermFrequency { get; init; }
}

/// <summary>A comparison level: a test on the two values and its m and u probabilities.</summary>
public sealed record LevelDefinition
{
    /// <summary>The label shown in score breakdowns.</summary>
    public string Label { get; init; } = string.Empty;

    /// <summary>The test (see <see cref="LevelTests"/>).</summary>
    public string Test { get; init; } = string.Empty;

    /// <summary>Similarity threshold for <c>jaro-winkler</c> (0-1).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Threshold { get; init; }

    /// <summary>Largest distance for <c>damerau-levenshtein</c>, <c>levenshtein</c> and <c>hamming</c>; years for <c>date-year-off</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? MaxDistance { get; init; }

    /// <summary>Characters for <c>prefix</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Length { get; init; }

    /// <summary>P(level | same entity).</summary>
    public double M { get; init; }

    /// <summary>P(level | different entities).</summary>
    public double U { get; init; }
}

/// <summary>
/// Term-frequency adjustment: at <see cref="Level"/>, the level's u is replaced by how often the value itself
/// occurs, so that agreeing on a common name counts for less than agreeing on a rare one.
/// </summary>
public sealed record TermFrequencyDefinition
{
    /// <summary>The label of the level it adjusts (an exact level).</summary>
    public string Level { get; init; } = string.Empty;

    /// <summary>0 = no adjustment, 1 = the full adjustment.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>How many of the most frequent values training keeps.</summary>
    public int MaxValues { get; init; } = 2000;

    /// <summary>
    /// The largest increase in weight (bits) a rare value may get over the level's own weight; a rare value
    /// typed identically by two different people must not be able to carry a link on its own.
    /// </summary>
    public double MaxBoost { get; init; } = 2.0;

    /// <summary>The frequency used for a value that is not listed (filled by training).</summary>
    public double DefaultFrequency { get; init; }

    /// <summary>Value → relative frequency among the training records (filled by training).</summary>
    public IReadOnlyDictionary<string, double> Values { get; init; } = new Dictionary<string, double>();
}

/// <summary>A blocking rule: records that share all of its key parts are compared. Rules are unioned.</summary>
public sealed record BlockingRuleDefinition
{
    /// <summary>The rule's name; blocking keys are <c>name:value</c>.</summary>
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<BlockingKeyPart> Keys { get; init; } = [];

    /// <summary>Batch deduplication and training skip blocks larger than this (the pairs they would give are mostly noise); 0 = no limit.</summary>
    public int MaxBlockSize { get; init; }
}

/// <summary>One part of a blocking key: a function of one field.</summary>
public sealed record BlockingKeyPart
{
    public string Field { get; init; } = string.Empty;

    /// <summary>The key function (see <see cref="KeyFunctions"/>); <c>exact</c> by default.</summary>
    public string Function { get; init; } = KeyFunctions.Exact;

    /// <summary>Characters for <c>prefix</c> and <c>suffix</c>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Length { get; init; }
}

/// <summary>Decision thresholds on the match probability.</summary>
public sealed record ThresholdsDefinition
{
    /// <summary>At or above: link automatically.</summary>
    public double Link { get; init; } = 0.99;

    /// <summary>At or above (and below <see cref="Link"/>): send to review; below: a new person.</summary>
    public double Review { get; init; } = 0.5;
}

/// <summary>What training did, kept in the model so that a run can be repeated and explained.</summary>
public sealed record TrainingInfo
{
    public int Seed { get; init; }

    public int Records { get; init; }

    public long RandomPairs { get; init; }

    public long BlockedPairs { get; init; }

    /// <summary>Per blocking rule: pairs, EM iterations, the estimated share of matches, the comparisons held out.</summary>
    public IReadOnlyList<RuleTrainingInfo> Rules { get; init; } = [];

    /// <summary>The configuration's version the model was trained from.</summary>
    public string? FromVersion { get; init; }
}

public sealed record RuleTrainingInfo
{
    public string Rule { get; init; } = string.Empty;

    public long Pairs { get; init; }

    public int Iterations { get; init; }

    public bool Converged { get; init; }

    public double MatchShare { get; init; }

    public IReadOnlyList<string> HeldOut { get; init; } = [];
}
