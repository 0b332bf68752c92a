using System.Diagnostics;
using System.Text;

namespace IntegrationHub.Worker.Tests.Scheduling;

/// <summary>A real <c>hub worker</c> process (the built hub.dll under dotnet) with a configuration file of the test's own.</summary>
public sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _error = new();

    private WorkerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public string Errors
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <c>hub worker</c> with <paramref name="configFile"/>, on SQLite in <paramref name="dataDirectory"/> or on <paramref name="postgres"/>.</summary>
    public static WorkerProcess Start(string configFile, string? dataDirectory, string? postgres = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HubAssembly());
        start.ArgumentList.Add("worker");
        start.Environment["HUB_CONFIG"] = configFile;
        start.Environment.Remove("HUB_POSTGRES");
        start.Environment.Remove("HUB_DATA_DIR");
        if (dataDirectory is not null)
        {
            start.Environment["HUB_DATA_DIR"] = dataDirectory;
        }

        if (postgres is not null)
        {
            start.Environment["HUB_POSTGRES"] = postgres;
        }

        var worker = new WorkerProcess(Process.Start(start)!);
        // Drain both pipes: a full pipe would block the child.
        worker._process.OutputDataReceived += (_, _) => { };
        worker._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.Contains("\"level\":\"Error\"", StringComparison.Ordinal))
            {
                lock (worker._error)
                {
                    worker._error.AppendLine(e.Data);
                }
            }
        };
        worker._process.BeginOutputReadLine();
        worker._process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no clean-up code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    internal static string HubAssembly()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "IntegrationHub.sln")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        return Path.Combine(root.FullName, "src", "Hub.Worker", "bin", output.Parent!.Name, output.Name, "hub.dll");
    }
}
