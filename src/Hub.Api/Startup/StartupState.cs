namespace IntegrationHub.Api.Startup;

/// <summary>Whether start-up work (migrations, first-start samples) is done; readiness reports it.</summary>
internal sealed class StartupState
{
    private volatile bool _ready;
    private volatile string? _failure;

    public bool Ready => _ready;

    public string? Failure => _failure;

    public void MarkReady() => _ready = true;

    public void MarkFailed(string reason) => _failure = reason;
}
