using System.Diagnostics;
using System.Reflection;

namespace IntegrationHub.Bench;

/// <summary>Runs one phase in a fresh process of this same program and reads back its result line.</summary>
internal static class ChildProcess
{
    public static Task<PhaseResult> RunAsync(string contextPath, string source, string phase, CancellationToken cancellationToken) =>
        RunAsync(["child", contextPath, source, phase], $"The {phase} phase of {source}", cancellationToken);

    /// <summary>Runs this program with <paramref name="arguments"/> and returns the result line it printed.</summary>
    public static async Task<PhaseResult> RunAsync(IReadOnlyList<string> arguments, string what, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };

        // Started through the apphost (dotnet run, bin/Hub.Bench) or through `dotnet Hub.Bench.dll`.
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process is unknown.");
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Same GC settings as the parent; the child must not inherit a shell's DOTNET_gcServer by surprise.
        start.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        PhaseResult? result = null;
        while (await process.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            if (PhaseResult.FromLine(line) is { } parsed)
            {
                result = parsed;
            }
            else
            {
                Console.Error.WriteLine(line);
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || result is null)
        {
            throw new InvalidOperationException($"{what} failed (child exit code {process.ExitCode}).");
        }

        return result;
    }
}
