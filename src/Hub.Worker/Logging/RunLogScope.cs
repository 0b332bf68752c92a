using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace IntegrationHub.Worker.Logging;

/// <summary>
/// The logging scope of a run (scheduled, run-now, retried, resumed, or <c>hub ingest</c>): every line logged while
/// it is open, by any component in the run's flow, carries <c>RunId</c> and <c>Connector</c> under <c>scope</c> in
/// the JSON logs, as a request's lines carry its <c>CorrelationId</c>.
/// </summary>
public sealed class RunLogScope : IReadOnlyList<KeyValuePair<string, object?>>
{
    /// <summary>The scope key of the run id.</summary>
    public const string RunIdKey = "RunId";

    /// <summary>The scope key of the connector (source) name.</summary>
    public const string ConnectorKey = "Connector";

    private readonly KeyValuePair<string, object?>[] _values;

    private RunLogScope(Guid runId, string connector) =>
        _values = [new(RunIdKey, runId.ToString("D", CultureInfo.InvariantCulture)), new(ConnectorKey, connector)];

    /// <inheritdoc/>
    public int Count => _values.Length;

    /// <inheritdoc/>
    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>Opens the scope of run <paramref name="runId"/> of <paramref name="connector"/>; dispose it when the run ends.</summary>
    public static IDisposable? Begin(ILogger logger, Guid runId, string connector)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new RunLogScope(runId, connector));
    }

    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>For formatters that print scopes as text.</summary>
    public override string ToString() => $"run {_values[0].Value} ({_values[1].Value})";
}
