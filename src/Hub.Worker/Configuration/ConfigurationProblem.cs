namespace IntegrationHub.Worker.Configuration;

/// <summary>
/// One setting that cannot be used: its configuration key (<c>Hub:Sources:bpjs:BatchSize</c>) and what is wrong
/// with it. Messages never quote a secret.
/// </summary>
public sealed record ConfigurationProblem(string Setting, string Message)
{
    /// <summary>The setting as an environment variable (<c>Hub__Sources__bpjs__BatchSize</c>).</summary>
    public string EnvironmentVariable => Setting.Replace(":", "__", StringComparison.Ordinal);

    /// <inheritdoc/>
    public override string ToString() => $"{Setting} (environment {EnvironmentVariable}): {Message}";

    /// <summary>Writes every problem, one per line under a heading, for an operator to fix them all in one go.</summary>
    public static void WriteReport(TextWriter writer, string program, IReadOnlyCollection<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(problems);
        writer.WriteLine($"{program} cannot start: {problems.Count} configuration problem{(problems.Count == 1 ? "" : "s")} (see docs/configuration.md):");
        foreach (var problem in problems)
        {
            writer.WriteLine("  " + problem);
        }
    }
}
