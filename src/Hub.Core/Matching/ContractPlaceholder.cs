// TEMPORARY: the agreed matcher surface, replaced by the real engine when the matcher branch merges.
#pragma warning disable CA1822, IDE0060, CS1591
namespace IntegrationHub.Core.Matching;

public enum MatchOutcome { NewPerson, Review, Link }

public sealed class MatchModel
{
    public string Version => "placeholder";
    public static MatchModel Load(string path) => new();
    public static MatchModel Parse(string json) => new();
    public static MatchModel LoadDefault() => new();
    public string ToJson() => "{}";
}

public sealed class PreparedRecord
{
    internal IReadOnlyDictionary<string, string?> Fields { get; init; } = new Dictionary<string, string?>();
}

public sealed class MatchEngine
{
    public MatchEngine(MatchModel model) => Model = model;
    public MatchModel Model { get; }
    public PreparedRecord Prepare(IReadOnlyDictionary<string, string?> fields) => new() { Fields = fields };
    public IReadOnlyList<string> BlockingKeys(PreparedRecord record) =>
        record.Fields.TryGetValue("birthDate", out var d) && d is not null ? ["dob:" + d] : [];
    public MatchScore Score(PreparedRecord a, PreparedRecord b)
    {
        var same = a.Fields.TryGetValue("name.normalised", out var x) && b.Fields.TryGetValue("name.normalised", out var y) && x == y;
        return new MatchScore(same ? 20 : -20, same ? 1 : 0, same ? MatchOutcome.Link : MatchOutcome.NewPerson, [new ComparisonScore("name", same ? "exact" : "else", same ? 20 : -20)]);
    }
}

public sealed record ComparisonScore(string Comparison, string Level, double Weight);
public sealed record MatchScore(double Weight, double Probability, MatchOutcome Outcome, IReadOnlyList<ComparisonScore> Breakdown);
