namespace IntegrationHub.Core.Synthetic;

/// <summary>
/// Counts of what <see cref="AgencyPopulationGenerator"/> produced: records per agency, and per agency and noise
/// kind how many records got the noise and how many could have (its rate applies to those).
/// </summary>
public sealed class NoiseTally
{
    private readonly long[] _records = new long[3];
    private readonly long[,] _applied = new long[3, 32];
    private readonly long[,] _eligible = new long[3, 32];

    /// <summary>People generated.</summary>
    public long People { get; internal set; }

    /// <summary>People with at least one BPJS record.</summary>
    public long InBpjs { get; internal set; }

    /// <summary>People with a DJP record.</summary>
    public long InDjp { get; internal set; }

    /// <summary>People held by two agencies or more (who may be counted as moved).</summary>
    public long MoveEligible { get; internal set; }

    /// <summary>People who moved, with the newer address in one agency.</summary>
    public long Moved { get; internal set; }

    /// <summary>People Dukcapil marks deceased.</summary>
    public long Deceased { get; internal set; }

    /// <summary>Records written for an agency.</summary>
    public long Records(SyntheticAgency agency) => _records[(int)agency];

    /// <summary>Records of an agency carrying a noise kind.</summary>
    public long Applied(SyntheticAgency agency, RecordNoise kind) => _applied[(int)agency, Bit(kind)];

    /// <summary>Records of an agency the noise kind could have applied to.</summary>
    public long Eligible(SyntheticAgency agency, RecordNoise kind) => _eligible[(int)agency, Bit(kind)];

    internal void CountRecord(SyntheticAgency agency, RecordNoise noise)
    {
        _records[(int)agency]++;
        foreach (var kind in RecordNoiseNames.All)
        {
            if ((noise & kind) != 0)
            {
                _applied[(int)agency, Bit(kind)]++;
            }
        }
    }

    internal void CountEligible(SyntheticAgency agency, RecordNoise kind) => _eligible[(int)agency, Bit(kind)]++;

    private static int Bit(RecordNoise kind) => System.Numerics.BitOperations.Log2((uint)kind);
}
