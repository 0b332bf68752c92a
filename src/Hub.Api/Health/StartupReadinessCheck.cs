using IntegrationHub.Api.Startup;

namespace IntegrationHub.Api.Health;

/// <summary>Ready once start-up work (migrations, first-start samples) is done; failed start-up stays not ready.</summary>
internal sealed class StartupReadinessCheck(StartupState state) : IReadinessCheck
{
    public string Name => "startup";

    public Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken) => Task.FromResult(
        state.Failure is { } failure ? ReadinessResult.Fail("start-up failed: " + failure)
        : state.Ready ? ReadinessResult.Pass("start-up work done")
        : ReadinessResult.Fail("starting: applying migrations or ingesting the samples"));
}
