using System.Diagnostics;
using System.Diagnostics.Metrics;
using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Worker.Metrics;

/// <summary>
/// The hub's service indicators, as <see cref="System.Diagnostics.Metrics"/> instruments on the meter
/// <see cref="MeterName"/>: records per source and outcome, match outcomes, run durations, and HTTP request
/// durations and errors per endpoint and client. Labels carry names and route templates only, never a NIK or
/// any other value from a record or a request path.
/// </summary>
/// <remarks>
/// One instance per process (or per test host): the meter comes from the host's <see cref="IMeterFactory"/>, so
/// a collector can listen to exactly this instance. Recording with no listener attached costs next to nothing.
/// </remarks>
public sealed class HubMetrics
{
    /// <summary>The name of the hub's meter.</summary>
    public const string MeterName = "IntegrationHub";

    /// <summary>The client label of requests whose caller is not identified (until API clients exist).</summary>
    public const string AnonymousClient = "anonymous";

    // Seconds: a lookup takes milliseconds, a slow database seconds.
    private static readonly double[] s_requestBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    // Seconds: a sample file takes a second, a national export hours.
    private static readonly double[] s_runBuckets = [0.1, 0.5, 1, 5, 15, 30, 60, 300, 900, 1800, 3600, 10800, 43200];

    private readonly Counter<long> _recordsRead;
    private readonly Counter<long> _recordsAccepted;
    private readonly Counter<long> _recordsUnchanged;
    private readonly Counter<long> _recordsQuarantined;
    private readonly Counter<long> _matchOutcomes;
    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _requestDuration;
    private readonly Counter<long> _runsEnded;
    private readonly Counter<long> _requestErrors;
    private readonly Counter<long> _reprocessed;
    private readonly Counter<double> _ingestPhases;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>.</summary>
    public HubMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _recordsRead = Meter.CreateCounter<long>("hub.ingest.records.read", "{record}", "Records read from a source.");
        _recordsAccepted = Meter.CreateCounter<long>("hub.ingest.records.accepted", "{record}", "Records that changed the master index (new or changed content).");
        _recordsUnchanged = Meter.CreateCounter<long>("hub.ingest.records.unchanged", "{record}", "Records whose content the hub already held.");
        _recordsQuarantined = Meter.CreateCounter<long>("hub.ingest.records.quarantined", "{record}", "Records quarantined with a reason.");
        _matchOutcomes = Meter.CreateCounter<long>("hub.match.outcomes", "{record}", "Identity matching decisions by outcome (link, review, new).");
        _runDuration = Meter.CreateHistogram(
            "hub.ingest.run.duration", "s", "Duration of ingest runs.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_runBuckets });
        _runsEnded = Meter.CreateCounter<long>("hub.runs", "{run}", "Scheduled, manual, retried and resumed runs by connector and final status.");
        _requestDuration = Meter.CreateHistogram(
            "hub.http.request.duration", "s", "Duration of HTTP requests by endpoint (route template) and client.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_requestBuckets });
        _requestErrors = Meter.CreateCounter<long>("hub.http.request.errors", "{request}", "HTTP requests answered with a server error (5xx) by endpoint and client.");
        _reprocessed = Meter.CreateCounter<long>("hub.quarantine.reprocessed", "{row}", "Quarantined rows re-processed, by source and outcome (resolved, still-failing, ...).");
        _ingestPhases = Meter.CreateCounter<double>(
            IngestPhaseInstrument, "s", "Time spent ingesting, by source and phase (parse, validate, map, match, write, lineage, events).");
    }

    /// <summary>
    /// The instrument of <see cref="RecordIngestPhases"/>: a counter of seconds with labels <c>source</c> and <c>phase</c>
    /// (<c>hub_ingest_phase_seconds_total</c> on <c>/metrics</c>).
    /// </summary>
    public const string IngestPhaseInstrument = "hub.ingest.phase";

    /// <summary>The meter the instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>Counts what one committed batch of <paramref name="source"/> did.</summary>
    public void RecordBatch(string source, RunCounts counts)
    {
        var tag = new KeyValuePair<string, object?>("source", source);
        _recordsRead.Add(counts.Read, tag);
        _recordsAccepted.Add(counts.Accepted, tag);
        _recordsUnchanged.Add(counts.Unchanged, tag);
        _recordsQuarantined.Add(counts.Quarantined, tag);
    }

    /// <summary>Adds one committed batch's time per phase (<see cref="IngestPhaseTimes.Names"/>) to the phase counter.</summary>
    public void RecordIngestPhases(string source, IngestPhaseTimes phases)
    {
        var names = IngestPhaseTimes.Names;
        for (var i = 0; i < names.Count; i++)
        {
            _ingestPhases.Add(IngestPhaseTimes.Seconds(phases[i]), new("source", source), new("phase", names[i]));
        }
    }

    /// <summary>Records a finished run's duration with its status (Succeeded, Failed, Cancelled).</summary>
    public void RecordRun(string source, RunStatus status, TimeSpan elapsed) =>
        _runDuration.Record(elapsed.TotalSeconds, new("source", source), new("status", status.ToString()));

    /// <summary>Counts a run the scheduler executed, by connector and final status (Succeeded, Failed, Cancelled).</summary>
    public void RecordRunEnded(string connector, RunStatus status) =>
        _runsEnded.Add(1, new("connector", connector), new("status", status.ToString()));

    /// <summary>Counts one identity-matching decision; <paramref name="outcome"/> is one of <see cref="MatchOutcomes"/>.</summary>
    public void RecordMatchOutcome(string source, string outcome, long count = 1) =>
        _matchOutcomes.Add(count, new("source", source), new("outcome", outcome));

    /// <summary>Counts one re-processed quarantined row by its outcome code (<c>resolved</c>, <c>still-failing</c>, ...).</summary>
    public void RecordReprocess(string source, string outcome) =>
        _reprocessed.Add(1, new("source", source), new("outcome", outcome));

    /// <summary>
    /// Records one HTTP request. <paramref name="endpoint"/> must be a route template (<c>/api/v1/persons/{nik}</c>),
    /// never the raw path, which may carry a NIK.
    /// </summary>
    public void RecordRequest(string endpoint, string method, int statusCode, string client, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "endpoint", endpoint },
            { "method", method },
            { "status", StatusClass(statusCode) },
            { "client", client },
        };
        _requestDuration.Record(elapsed.TotalSeconds, tags);
        if (statusCode >= 500)
        {
            _requestErrors.Add(1, new("endpoint", endpoint), new("method", method), new("client", client));
        }
    }

    private static string StatusClass(int statusCode) => statusCode switch
    {
        >= 500 => "5xx",
        >= 400 => "4xx",
        >= 300 => "3xx",
        >= 200 => "2xx",
        _ => "1xx",
    };
}

/// <summary>The outcomes <see cref="HubMetrics.RecordMatchOutcome"/> takes.</summary>
public static class MatchOutcomes
{
    /// <summary>Linked to an existing person.</summary>
    public const string Link = "link";

    /// <summary>Sent to the review queue.</summary>
    public const string Review = "review";

    /// <summary>A new person.</summary>
    public const string New = "new";
}
