using IntegrationHub.Worker.Scheduling;
using Quartz;

namespace IntegrationHub.Api.Health;

/// <summary>Ready when this node's scheduler has written the schedules and is running (or is switched off on purpose).</summary>
internal sealed class SchedulerReadinessCheck(SchedulerOptions options, IServiceProvider services) : IReadinessCheck
{
    public string Name => "scheduler";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!options.Enabled)
        {
            return ReadinessResult.Pass("disabled on this node (Hub:Scheduler:Enabled=false); runs are executed by worker nodes");
        }

        var state = services.GetRequiredService<SchedulerState>();
        if (state.Failure is { } failure)
        {
            return ReadinessResult.Fail("scheduler start-up failed: " + failure);
        }

        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        return state.Scheduled && scheduler.Status == SchedulerStatus.Running
            ? ReadinessResult.Pass($"running as node {options.NodeName}")
            : ReadinessResult.Fail($"starting ({scheduler.Status})");
    }
}
