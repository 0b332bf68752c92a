using IntegrationHub.Worker.Cli;

namespace IntegrationHub.Worker;

/// <summary>The <c>hub</c> executable.</summary>
internal static class HubProgram
{
    // A named entry point rather than top-level statements: the generated Program type would clash with the
    // API's Program for code that sees both assemblies' internals (the API's tests).
    public static Task<int> Main(string[] args) => HubCommandLine.RunAsync(args);
}
