using System.Globalization;

namespace IntegrationHub.Core.Matching.Model;

/// <summary>Collects every rule a model document breaks, so that one run shows all of them.</summary>
internal static class MatchModelValidator
{
    public static List<string> Validate(MatchModelDocument d)
    {
        var problems = new List<string>();
        void Add(FormattableString message) => problems.Add(message.ToString(CultureInfo.InvariantCulture));

        if (string.IsNullOrWhiteSpace(d.ModelId))
        {
            Add($"modelId is required.");
        }

        if (string.IsNullOrWhiteSpace(d.Version))
        {
            Add($"version is required.");
        }

        if (d.Fields is null || d.Comparisons is null || d.Blocking is null || d.Thresholds is null)
        {
            Add($"fields, comparisons, blocking and thresholds are required.");
            return problems;
        }

        var fields = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in d.Fields)
        {
            if (string.IsNullOrWhiteSpace(f.Name) || !fields.Add(f.Name))
            {
                Add($"field '{f.Name}': names must be non-empty and unique.");
            }

            if (!FieldNormalisers.All.Contains(f.Normalise, StringComparer.Ordinal))
            {
                Add($"field '{f.Name}': normalise '{f.Normalise}' is unknown; known: {string.Join(", ", FieldNormalisers.All)}.");
            }

            if (f.Normalise == FieldNormalisers.Date && f.Formats is not { Count: > 0 })
            {
                Add($"field '{f.Name}': a date field needs formats.");
            }
        }

        if (d.Comparisons.Count is 0 or > MatchModel.MaxComparisons)
        {
            Add($"a model needs 1 to {MatchModel.MaxComparisons} comparisons; it has {d.Comparisons.Count}.");
        }

        var comparisons = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in d.Comparisons)
        {
            var at = $"comparison '{c.Name}'";
            if (string.IsNullOrWhiteSpace(c.Name) || !comparisons.Add(c.Name))
            {
                Add($"{at}: names must be non-empty and unique.");
            }

            if (!fields.Contains(c.Field))
            {
                Add($"{at}: field '{c.Field}' is not one of the model's fields.");
            }

            if (c.Levels is not { Count: > 0 } levels || levels.Count > MatchModel.MaxLevels)
            {
                Add($"{at}: needs 1 to {MatchModel.MaxLevels} levels.");
                continue;
            }

            var labels = new HashSet<string>(StringComparer.Ordinal);
            foreach (var level in levels)
            {
                ValidateLevel(at, level, labels, Add);
            }

            if (c.TermFrequency is { } tf)
            {
                var target = levels.FirstOrDefault(l => l.Label == tf.Level);
                if (target is null || target.Test != LevelTests.Exact)
                {
                    Add($"{at}: termFrequency.level '{tf.Level}' must name one of its exact levels.");
                }

                if (tf.Weight is < 0 or > 1 || double.IsNaN(tf.Weight))
                {
                    Add($"{at}: termFrequency.weight must be between 0 and 1.");
                }

                if (tf.MaxValues < 0 || tf.MaxBoost < 0 || tf.DefaultFrequency is < 0 or > 1 || tf.Values is null
                    || tf.Values.Values.Any(v => v is <= 0 or > 1 || double.IsNaN(v)))
                {
                    Add($"{at}: termFrequency needs maxValues ≥ 0, maxBoost ≥ 0, and frequencies in (0, 1].");
                }
            }
        }

        var rules = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in d.Blocking)
        {
            var at = $"blocking rule '{rule.Name}'";
            if (string.IsNullOrWhiteSpace(rule.Name) || !rules.Add(rule.Name) || rule.Name.Contains(':', StringComparison.Ordinal))
            {
                Add($"{at}: names must be non-empty, unique and without ':'.");
            }

            if (rule.Keys is not { Count: > 0 })
            {
                Add($"{at}: needs at least one key.");
                continue;
            }

            if (rule.MaxBlockSize < 0)
            {
                Add($"{at}: maxBlockSize must be 0 (no limit) or more.");
            }

            foreach (var key in rule.Keys)
            {
                if (!fields.Contains(key.Field))
                {
                    Add($"{at}: field '{key.Field}' is not one of the model's fields.");
                }

                if (!KeyFunctions.All.Contains(key.Function, StringComparer.Ordinal))
                {
                    Add($"{at}: function '{key.Function}' is unknown; known: {string.Join(", ", KeyFunctions.All)}.");
                }
                else if (key.Function is KeyFunctions.Prefix or KeyFunctions.Suffix && key.Length is not > 0)
                {
                    Add($"{at}: {key.Function} needs a length above 0.");
                }
            }
        }

        if (d.Blocking.Count == 0)
        {
            Add($"a model needs at least one blocking rule.");
        }

        if (d.Prior is <= 0 or >= 1 || double.IsNaN(d.Prior))
        {
            Add($"prior must be a probability strictly between 0 and 1.");
        }

        var t = d.Thresholds;
        if (t.Review is <= 0 or > 1 || t.Link is <= 0 or > 1 || t.Review > t.Link || double.IsNaN(t.Review) || double.IsNaN(t.Link))
        {
            Add($"thresholds: need 0 < review ≤ link ≤ 1 (probabilities).");
        }

        return problems;
    }

    private static void ValidateLevel(string at, LevelDefinition level, HashSet<string> labels, Action<FormattableString> add)
    {
        if (string.IsNullOrWhiteSpace(level.Label) || !labels.Add(level.Label) || level.Label == MatchEngine.NullLevel)
        {
            add($"{at}: level labels must be non-empty, unique and not '{MatchEngine.NullLevel}'.");
        }

        var where = $"{at}, level '{level.Label}'";
        switch (level.Test)
        {
            case LevelTests.JaroWinkler when level.Threshold is not (> 0 and <= 1):
                add($"{where}: jaro-winkler needs a threshold in (0, 1].");
                break;
            case LevelTests.DamerauLevenshtein or LevelTests.Levenshtein or LevelTests.Hamming when level.MaxDistance is not >= 0:
                add($"{where}: {level.Test} needs maxDistance ≥ 0.");
                break;
            case LevelTests.Prefix when level.Length is not > 0:
                add($"{where}: prefix needs a length above 0.");
                break;
            case LevelTests.DateYearOff when level.MaxDistance is < 1:
                add($"{where}: date-year-off takes maxDistance ≥ 1 (years).");
                break;
            default:
                if (!LevelTests.All.Contains(level.Test, StringComparer.Ordinal))
                {
                    add($"{where}: test '{level.Test}' is unknown; known: {string.Join(", ", LevelTests.All)}.");
                }

                break;
        }

        if (level.M is <= 0 or > 1 || level.U is <= 0 or > 1 || double.IsNaN(level.M) || double.IsNaN(level.U))
        {
            add($"{where}: m and u must be probabilities in (0, 1].");
        }
    }
}
