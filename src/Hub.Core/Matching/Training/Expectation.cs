namespace IntegrationHub.Core.Matching.Training;

/// <summary>
/// Expectation-maximisation of m and the match share over pairs compressed to their distinct level patterns,
/// with u fixed. Comparisons not in the active set are ignored (held out).
/// </summary>
internal static class Expectation
{
    public sealed record Result(double[][] M, double MatchShare, int Iterations, bool Converged);

    /// <summary>Packs level indexes (-1..14) into 4 bits each.</summary>
    public static ulong Pack(ReadOnlySpan<int> levels)
    {
        ulong key = 0;
        for (var c = 0; c < levels.Length; c++)
        {
            key |= (ulong)(levels[c] + 1) << (4 * c);
        }

        return key;
    }

    public static int Level(ulong key, int comparison) => (int)((key >> (4 * comparison)) & 0xF) - 1;

    public static Result Run(Dictionary<ulong, long> patterns, int[] active, int[] levelCounts, double[][] u, double[][] initialM, TrainingOptions options)
    {
        var keys = patterns.Keys.Order().ToArray();
        var counts = keys.Select(k => (double)patterns[k]).ToArray();
        var levels = new int[keys.Length][];
        for (var p = 0; p < keys.Length; p++)
        {
            levels[p] = new int[levelCounts.Length];
            for (var c = 0; c < levelCounts.Length; c++)
            {
                levels[p][c] = Level(keys[p], c);
            }
        }

        var m = initialM.Select(row => (double[])row.Clone()).ToArray();
        var share = 0.3;
        var posterior = new double[keys.Length];
        var iterations = 0;
        var converged = false;
        while (iterations < options.MaxIterations && !converged)
        {
            iterations++;

            // E: the probability that each pattern is a match.
            for (var p = 0; p < keys.Length; p++)
            {
                double logRatio = 0;
                foreach (var c in active)
                {
                    var l = levels[p][c];
                    if (l >= 0)
                    {
                        logRatio += Math.Log(m[c][l]) - Math.Log(u[c][l]);
                    }
                }

                var odds = share / (1 - share) * Math.Exp(logRatio);
                posterior[p] = double.IsPositiveInfinity(odds) ? 1 : odds / (1 + odds);
            }

            // M: m as the posterior-weighted share of each level among the comparison's non-null pairs.
            double matched = 0;
            double total = 0;
            for (var p = 0; p < keys.Length; p++)
            {
                matched += counts[p] * posterior[p];
                total += counts[p];
            }

            var change = 0.0;
            foreach (var c in active)
            {
                var sums = new double[levelCounts[c]];
                double sum = 0;
                for (var p = 0; p < keys.Length; p++)
                {
                    var l = levels[p][c];
                    if (l >= 0)
                    {
                        var w = counts[p] * posterior[p];
                        sums[l] += w;
                        sum += w;
                    }
                }

                if (sum <= 0)
                {
                    continue;
                }

                double norm = 0;
                for (var l = 0; l < sums.Length; l++)
                {
                    sums[l] = Math.Max(sums[l] / sum, options.MinProbability);
                    norm += sums[l];
                }

                for (var l = 0; l < sums.Length; l++)
                {
                    var next = sums[l] / norm;
                    change = Math.Max(change, Math.Abs(next - m[c][l]));
                    m[c][l] = next;
                }
            }

            var nextShare = Math.Clamp(matched / total, 1e-9, 1 - 1e-9);
            change = Math.Max(change, Math.Abs(nextShare - share));
            share = nextShare;
            converged = change < options.Tolerance;
        }

        return new Result(m, share, iterations, converged);
    }
}
