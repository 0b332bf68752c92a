using IntegrationHub.Core.Matching.Internal;

namespace IntegrationHub.Core.Matching;

/// <summary>
/// Scores pairs of records with a <see cref="MatchModel"/> (Fellegi-Sunter): each comparison puts the pair in one
/// of its levels, the levels' log2(m/u) weights add up with the prior's log-odds, and the thresholds decide.
/// Prepare each record once; <see cref="MatchWeight"/> then scores a pair without allocating. Thread-safe.
/// </summary>
public sealed class MatchEngine
{
    /// <summary>The level of a comparison when either value is missing; its weight is 0.</summary>
    public const string NullLevel = "null";

    private readonly FieldPreparer[] _fields;
    private readonly Dictionary<string, int> _fieldIndex;
    private readonly CompiledComparison[] _comparisons;
    private readonly CompiledBlockingRule[] _rules;
    private readonly double _priorWeight;
    private readonly double _linkWeight;
    private readonly double _reviewWeight;

    public MatchEngine(MatchModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        var document = model.Document;
        _fields = document.Fields.Select(f => new FieldPreparer(f)).ToArray();
        _fieldIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _fields.Length; i++)
        {
            _fieldIndex[_fields[i].Name] = i;
        }

        _comparisons = document.Comparisons.Select(c => new CompiledComparison(c, _fieldIndex[c.Field])).ToArray();
        _rules = document.Blocking.Select(r => new CompiledBlockingRule(r, r.Keys.Select(k => _fieldIndex[k.Field]).ToArray())).ToArray();
        _priorWeight = Logit2(document.Prior);
        _linkWeight = Logit2(document.Thresholds.Link);
        _reviewWeight = Logit2(document.Thresholds.Review);
        ComparisonNames = _comparisons.Select(c => c.Name).ToArray();
        RuleNames = _rules.Select(r => r.Name).ToArray();
    }

    public MatchModel Model { get; }

    /// <summary>The comparisons' names, in the model's order (the order of <see cref="EvaluateLevels"/>).</summary>
    public IReadOnlyList<string> ComparisonNames { get; }

    /// <summary>The blocking rules' names, in the model's order.</summary>
    public IReadOnlyList<string> RuleNames { get; }

    /// <summary>log2 of the prior odds, the weight of a pair before any comparison.</summary>
    public double PriorWeight => _priorWeight;

    internal IReadOnlyList<CompiledComparison> Comparisons => _comparisons;

    internal IReadOnlyList<CompiledBlockingRule> Rules => _rules;

    /// <summary>
    /// Normalises a record once for scoring and blocking. Keys are the model's field names; missing keys, null and
    /// blank values are missing values; keys the model does not name are ignored.
    /// </summary>
    public PreparedRecord Prepare(IReadOnlyDictionary<string, string?> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var values = new string?[_fields.Length];
        var tokens = new string[]?[_fields.Length];
        var sorted = new string[]?[_fields.Length];
        for (var i = 0; i < _fields.Length; i++)
        {
            var value = fields.TryGetValue(_fields[i].Name, out var raw) ? _fields[i].Prepare(raw) : null;
            values[i] = value;
            if (value is not null)
            {
                var words = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                tokens[i] = words;
                sorted[i] = words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            }
        }

        var termFrequency = new double[_comparisons.Length];
        for (var c = 0; c < _comparisons.Length; c++)
        {
            termFrequency[c] = _comparisons[c].TermFrequencyBits(values[_comparisons[c].Field]);
        }

        return new PreparedRecord(this, values, tokens, sorted, termFrequency);
    }

    /// <summary>
    /// The record's blocking keys, <c>rule:value</c>, in rule order and then ordinal order, each at most 200 characters.
    /// A rule gives no key when one of its parts is missing, and several when a part takes every word.
    /// </summary>
    public IReadOnlyList<string> BlockingKeys(PreparedRecord record)
    {
        CheckOwner(record);
        var keys = new List<string>();
        foreach (var rule in _rules)
        {
            rule.AddKeys(record, keys);
        }

        return keys;
    }

    /// <summary>The record's keys for one rule (see <see cref="BlockingKeys(PreparedRecord)"/>).</summary>
    public IReadOnlyList<string> BlockingKeys(PreparedRecord record, int rule)
    {
        CheckOwner(record);
        var keys = new List<string>();
        _rules[rule].AddKeys(record, keys);
        return keys;
    }

    /// <summary>Scores a pair and explains the score per comparison.</summary>
    public MatchScore Score(PreparedRecord a, PreparedRecord b)
    {
        CheckOwner(a);
        CheckOwner(b);
        var breakdown = new ComparisonScore[_comparisons.Length];
        var weight = _priorWeight;
        for (var c = 0; c < _comparisons.Length; c++)
        {
            var comparison = _comparisons[c];
            var level = comparison.Evaluate(a, b);
            var w = LevelWeight(c, level, a);
            weight += w;
            breakdown[c] = new ComparisonScore(comparison.Name, level < 0 ? NullLevel : comparison.Labels[level], w);
        }

        return new MatchScore(weight, Probability(weight), Decide(weight), breakdown);
    }

    /// <summary>The pair's match weight (log2 odds, prior included), without allocating: the hot loop.</summary>
    public double MatchWeight(PreparedRecord a, PreparedRecord b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var weight = _priorWeight;
        var comparisons = _comparisons;
        for (var c = 0; c < comparisons.Length; c++)
        {
            weight += LevelWeight(c, comparisons[c].Evaluate(a, b), a);
        }

        return weight;
    }

    /// <summary>Writes the level index of every comparison (-1 = null) into <paramref name="levels"/>.</summary>
    public void EvaluateLevels(PreparedRecord a, PreparedRecord b, Span<int> levels)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        for (var c = 0; c < _comparisons.Length; c++)
        {
            levels[c] = _comparisons[c].Evaluate(a, b);
        }
    }

    /// <summary>The match probability of a weight: 2^w / (1 + 2^w).</summary>
    public static double Probability(double weight) => 1.0 / (1.0 + Math.Pow(2, -weight));

    /// <summary>The outcome of a weight by the model's thresholds.</summary>
    public MatchOutcome Decide(double weight) =>
        weight >= _linkWeight ? MatchOutcome.Link : weight >= _reviewWeight ? MatchOutcome.Review : MatchOutcome.NewPerson;

    /// <summary>log2(p / (1 - p)); +∞ for 1.</summary>
    public static double Logit2(double probability) => Math.Log2(probability / (1 - probability));

    internal int FieldIndex(string field) => _fieldIndex.GetValueOrDefault(field, -1);

    private double LevelWeight(int comparison, int level, PreparedRecord a)
    {
        if (level < 0)
        {
            return 0;
        }

        var compiled = _comparisons[comparison];
        var w = compiled.Weights[level];
        return level == compiled.TermFrequencyLevel ? w + a.TermFrequencyBits[comparison] : w;
    }

    private void CheckOwner(PreparedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ReferenceEquals(record.Engine, this) && !ReferenceEquals(record.Engine.Model, Model))
        {
            throw new ArgumentException("The record was prepared for another model; prepare it with this engine.", nameof(record));
        }
    }
}
