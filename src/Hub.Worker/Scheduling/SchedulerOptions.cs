using System.Globalization;
using IntegrationHub.Worker.Configuration;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace IntegrationHub.Worker.Scheduling;

/// <summary>What the scheduler does with fire times it missed (the node was down or busy).</summary>
public enum MisfirePolicy
{
    /// <summary>Run once now for all the missed fire times, then keep to the schedule (the default).</summary>
    FireOnceNow = 1,

    /// <summary>Skip what was missed and wait for the next fire time.</summary>
    Skip,

    /// <summary>Run once for every missed fire time (each finds the connector's lease taken while the first runs, so most are skipped).</summary>
    FireAll,
}

/// <summary>
/// The worker's scheduler, under <c>Hub:Scheduler</c>: whether it runs in this process, this node's name, the
/// misfire policy, and how long a run's lease lasts without a heartbeat before another node takes the run over.
/// </summary>
public sealed class SchedulerOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hub:Scheduler";

    /// <summary>Run the scheduler (schedules, run-now, resume of abandoned runs) in this process. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This node's name in runs and leases. Default: the machine name and process id.</summary>
    public string? Node { get; set; }

    /// <summary>What to do with missed fire times. Default: <see cref="MisfirePolicy.FireOnceNow"/>.</summary>
    public MisfirePolicy MisfirePolicy { get; set; } = MisfirePolicy.FireOnceNow;

    /// <summary>
    /// How long a run's lease on its connector lasts without a heartbeat (heartbeats come four times per lease).
    /// A run whose node stopped is taken over this long after its last heartbeat. Default: 1 minute.
    /// </summary>
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a node looks for abandoned runs to take over. Default: 10 seconds.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a clustered (PostgreSQL) Quartz node checks in with the others. Default: 7.5 seconds.</summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(7.5);

    /// <summary>The node name to use: <see cref="Node"/>, or the machine name and process id.</summary>
    public string NodeName => string.IsNullOrWhiteSpace(Node) ? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}") : Node;

    /// <summary>The options from configuration (never throws; <see cref="Validate"/> reports problems).</summary>
    public static SchedulerOptions FromConfiguration(IConfiguration configuration) =>
        SafeBinder.Bind(configuration.GetSection(SectionName), new SchedulerOptions(), new List<ConfigurationProblem>());

    /// <summary>Adds every problem with <c>Hub:Scheduler</c> to <paramref name="problems"/>.</summary>
    public static void Validate(IConfiguration configuration, List<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var options = SafeBinder.Bind(configuration.GetSection(SectionName), new SchedulerOptions(), problems);
        if (problems.Count > before)
        {
            return;
        }

        if (!Enum.IsDefined(options.MisfirePolicy))
        {
            problems.Add(new($"{SectionName}:MisfirePolicy", "use FireOnceNow, Skip or FireAll."));
        }

        if (options.LeaseTimeout < TimeSpan.FromSeconds(2) || options.LeaseTimeout > TimeSpan.FromHours(1))
        {
            problems.Add(new($"{SectionName}:LeaseTimeout", string.Create(CultureInfo.InvariantCulture, $"must be between 00:00:02 and 01:00:00; is {options.LeaseTimeout}.")));
        }

        if (options.SweepInterval < TimeSpan.FromMilliseconds(200) || options.SweepInterval > TimeSpan.FromHours(1))
        {
            problems.Add(new($"{SectionName}:SweepInterval", string.Create(CultureInfo.InvariantCulture, $"must be between 00:00:00.2 and 01:00:00; is {options.SweepInterval}.")));
        }

        if (options.ClusterCheckinInterval < TimeSpan.FromSeconds(1) || options.ClusterCheckinInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add(new($"{SectionName}:ClusterCheckinInterval", string.Create(CultureInfo.InvariantCulture, $"must be between 00:00:01 and 00:05:00; is {options.ClusterCheckinInterval}.")));
        }
    }

    /// <summary>Why <paramref name="cron"/> is not a Quartz cron expression, or null when it is one.</summary>
    public static string? CronProblem(string cron)
    {
        try
        {
            _ = new CronExpression(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return $"'{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year], e.g. '0 0/15 * * * ?'): {ex.Message}";
        }
    }
}
