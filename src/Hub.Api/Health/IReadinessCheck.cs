namespace IntegrationHub.Api.Health;

/// <summary>
/// One thing a node needs before it takes traffic. <c>/health/ready</c> runs every registered check; the node is
/// ready when all pass. Register more with <c>services.AddSingleton&lt;IReadinessCheck, ...&gt;()</c> — the
/// scheduler's check joins here once the worker daemon exists.
/// </summary>
public interface IReadinessCheck
{
    /// <summary>A short stable name, shown in the report (<c>database</c>, <c>startup</c>, <c>scheduler</c>).</summary>
    string Name { get; }

    /// <summary>Runs the check; a failing check says why without secrets or personal data.</summary>
    Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The outcome of one readiness check, with a detail an operator can act on.</summary>
public sealed record ReadinessResult(bool Ready, string Detail)
{
    public static ReadinessResult Pass(string detail) => new(true, detail);

    public static ReadinessResult Fail(string detail) => new(false, detail);
}
