using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using IntegrationHub.Core.Matching.Model;
using IntegrationHub.Core.Matching.Training;

namespace IntegrationHub.Core.Matching;

/// <summary>
/// Trains a model's m, u, prior and term-frequency tables from unlabelled records, the standard unsupervised way:
/// <list type="number">
/// <item>u: the share of each level among record pairs drawn at random (nearly all non-matches).</item>
/// <item>m: expectation-maximisation over each blocking rule's pairs, with u fixed and the comparisons on the rule's
/// own fields held out (within a block they agree by construction, so they say nothing about m); each comparison's
/// m is the mean of its estimates from the rules that did not hold it out, weighted by the matches each rule found.</item>
/// <item>prior: the largest number of matches any one rule's EM found (its match share × its pairs), over all pairs
/// — a lower bound, since rules overlap and may miss matches.</item>
/// <item>term frequencies: each adjusted value's share of the records' non-missing values.</item>
/// </list>
/// The same records, configuration and seed give the same model.
/// </summary>
public static class MatchTrainer
{
    /// <summary>Trains <paramref name="config"/> (its m/u are EM's starting point) on <paramref name="records"/>.</summary>
    public static MatchModel Train(MatchModel config, IReadOnlyList<IReadOnlyDictionary<string, string?>> records, int seed, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(records);
        options ??= new TrainingOptions();
        if (records.Count < 2)
        {
            throw new ArgumentException("Training needs at least two records.", nameof(records));
        }

        var document = config.Document;

        // Term frequencies first: the engine that scores during training has no use for them, but the output does.
        var untuned = new MatchEngine(MatchModel.FromDocument(document with
        {
            Comparisons = document.Comparisons.Select(c => c with { TermFrequency = null }).ToArray(),
        }));
        var prepared = new PreparedRecord[records.Count];
        for (var i = 0; i < records.Count; i++)
        {
            prepared[i] = untuned.Prepare(records[i]);
        }

        var comparisons = untuned.Comparisons;
        var levelCounts = comparisons.Select(c => c.Levels.Length).ToArray();

        var (u, randomPairs) = EstimateU(untuned, prepared, levelCounts, seed, options);

        var mSums = levelCounts.Select(n => new double[n]).ToArray();
        var mWeights = new double[comparisons.Count];
        var ruleInfos = new List<RuleTrainingInfo>();
        long blockedTotal = 0;
        double bestMatches = 0;
        var initialM = document.Comparisons.Select(c => Normalised(c.Levels.Select(l => l.M).ToArray(), options.MinProbability)).ToArray();
        for (var r = 0; r < untuned.RuleNames.Count; r++)
        {
            var pairs = BlockedPairs.ForRule(untuned, prepared, r);
            blockedTotal += pairs.Count;
            var ruleFields = untuned.Rules[r].Fields.ToHashSet();
            var active = Enumerable.Range(0, comparisons.Count).Where(c => !ruleFields.Contains(comparisons[c].Field)).ToArray();
            var heldOut = Enumerable.Range(0, comparisons.Count).Where(c => ruleFields.Contains(comparisons[c].Field)).Select(c => comparisons[c].Name).ToArray();
            if (pairs.Count == 0 || active.Length == 0)
            {
                ruleInfos.Add(new RuleTrainingInfo { Rule = untuned.RuleNames[r], Pairs = pairs.Count, HeldOut = heldOut });
                continue;
            }

            var patterns = CountPatterns(untuned, prepared, pairs);
            var em = Expectation.Run(patterns, active, levelCounts, u, initialM, options);
            // Each rule's estimate counts by the matches it saw, so a rule with a handful of pairs cannot outvote one
            // with thousands.
            var evidence = em.MatchShare * pairs.Count;
            foreach (var c in active)
            {
                for (var l = 0; l < levelCounts[c]; l++)
                {
                    mSums[c][l] += evidence * em.M[c][l];
                }

                mWeights[c] += evidence;
            }

            bestMatches = Math.Max(bestMatches, em.MatchShare * pairs.Count);
            ruleInfos.Add(new RuleTrainingInfo
            {
                Rule = untuned.RuleNames[r],
                Pairs = pairs.Count,
                Iterations = em.Iterations,
                Converged = em.Converged,
                MatchShare = Math.Round(em.MatchShare, 8),
                HeldOut = heldOut,
            });
        }

        var n = (double)records.Count;
        var allPairs = n * (n - 1) / 2;
        var prior = Math.Clamp(bestMatches / allPairs, 1e-12, 0.5);

        var trainedComparisons = new ComparisonDefinition[comparisons.Count];
        for (var c = 0; c < comparisons.Count; c++)
        {
            var definition = document.Comparisons[c];
            var m = mWeights[c] > 0 ? Normalised(mSums[c].Select(v => v / mWeights[c]).ToArray(), options.MinProbability) : initialM[c];
            var levels = definition.Levels.Select((level, l) => level with { M = Round(m[l]), U = Round(u[c][l]) }).ToArray();
            var tf = definition.TermFrequency;
            if (tf is not null && options.TermFrequencies)
            {
                tf = TermFrequencies(tf, prepared, comparisons[c].Field);
            }

            trainedComparisons[c] = definition with { Levels = levels, TermFrequency = tf };
        }

        var trained = document with
        {
            Comparisons = trainedComparisons,
            Prior = Round(prior),
            Training = new TrainingInfo
            {
                Seed = seed,
                Records = records.Count,
                RandomPairs = randomPairs,
                BlockedPairs = blockedTotal,
                Rules = ruleInfos,
                FromVersion = document.Version,
            },
        };
        trained = trained with { Version = options.Version ?? BaseVersion(document.Version) + "+trained." + Fingerprint(trained) };
        return MatchModel.FromDocument(trained);
    }

    private static (double[][] U, long Pairs) EstimateU(MatchEngine engine, PreparedRecord[] records, int[] levelCounts, int seed, TrainingOptions options)
    {
        var n = records.Length;
        var all = (long)n * (n - 1) / 2;
        var exhaustive = all <= options.RandomPairs;
        var drawn = exhaustive ? all : options.RandomPairs;

        // The pairs are drawn in one sequence from the seed; counting them is spread over the cores, and integer
        // counts add up the same in any order, so the result does not depend on the machine.
        var random = new Random(seed);
        const int Chunk = 65_536;
        var chunks = (int)((drawn + Chunk - 1) / Chunk);
        var firsts = new int[Math.Min(drawn, Chunk * (long)chunks)];
        var seconds = new int[firsts.Length];
        if (exhaustive)
        {
            var k = 0;
            for (var i = 0; i < n; i++)
            {
                for (var j = i + 1; j < n; j++)
                {
                    firsts[k] = i;
                    seconds[k++] = j;
                }
            }
        }
        else
        {
            for (var k = 0; k < firsts.Length; k++)
            {
                var i = random.Next(n);
                var j = random.Next(n - 1);
                firsts[k] = i;
                seconds[k] = j >= i ? j + 1 : j;
            }
        }

        var counts = levelCounts.Select(c => new long[c]).ToArray();
        var gate = new object();
        Parallel.For(
            0,
            chunks,
            () => levelCounts.Select(c => new long[c]).ToArray(),
            (chunk, _, local) =>
            {
                Span<int> levels = stackalloc int[levelCounts.Length];
                var end = Math.Min(firsts.Length, (chunk + 1) * Chunk);
                for (var k = chunk * Chunk; k < end; k++)
                {
                    engine.EvaluateLevels(records[firsts[k]], records[seconds[k]], levels);
                    for (var c = 0; c < levels.Length; c++)
                    {
                        if (levels[c] >= 0)
                        {
                            local[c][levels[c]]++;
                        }
                    }
                }

                return local;
            },
            local =>
            {
                lock (gate)
                {
                    for (var c = 0; c < counts.Length; c++)
                    {
                        for (var l = 0; l < counts[c].Length; l++)
                        {
                            counts[c][l] += local[c][l];
                        }
                    }
                }
            });

        // Add-one smoothing: a level never seen among random pairs (an exact NIK) gets u ≈ 1/pairs, not 0.
        var u = counts.Select(c =>
        {
            double total = c.Sum() + c.Length;
            return Normalised(c.Select(v => (v + 1) / total).ToArray(), options.MinProbability);
        }).ToArray();
        return (u, drawn);
    }

    private static Dictionary<ulong, long> CountPatterns(MatchEngine engine, PreparedRecord[] records, IReadOnlyList<RecordPair> pairs)
    {
        var patterns = new Dictionary<ulong, long>();
        Span<int> levels = stackalloc int[engine.ComparisonNames.Count];
        foreach (var pair in pairs)
        {
            engine.EvaluateLevels(records[pair.First], records[pair.Second], levels);
            var key = Expectation.Pack(levels);
            patterns[key] = patterns.GetValueOrDefault(key) + 1;
        }

        return patterns;
    }

    private static TermFrequencyDefinition TermFrequencies(TermFrequencyDefinition tf, PreparedRecord[] records, int field)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        foreach (var record in records)
        {
            if (record.Values[field] is { } value)
            {
                counts[value] = counts.GetValueOrDefault(value) + 1;
                total++;
            }
        }

        if (total == 0)
        {
            return tf with { Values = new Dictionary<string, double>(), DefaultFrequency = 0 };
        }

        // Values seen once are left out: their frequency is the default, 1 / values.
        var listed = counts.Where(kv => kv.Value >= 2)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(tf.MaxValues)
            .ToDictionary(kv => kv.Key, kv => Round((double)kv.Value / total), StringComparer.Ordinal);
        var sorted = new SortedDictionary<string, double>(listed, StringComparer.Ordinal);
        return tf with { Values = sorted, DefaultFrequency = Round(1.0 / total) };
    }

    private static double[] Normalised(double[] values, double floor)
    {
        var result = values.Select(v => Math.Max(v, floor)).ToArray();
        var sum = result.Sum();
        for (var i = 0; i < result.Length; i++)
        {
            result[i] /= sum;
        }

        return result;
    }

    // Nine significant digits keep the file readable and stable across runtimes without changing any weight visibly.
    private static double Round(double value) => double.Parse(value.ToString("G9", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string BaseVersion(string version)
    {
        var plus = version.IndexOf("+trained.", StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    private static string Fingerprint(MatchModelDocument trained)
    {
        var json = MatchModel.FromDocument(trained with { Version = "x" }).ToJson();
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..8];
    }
}
