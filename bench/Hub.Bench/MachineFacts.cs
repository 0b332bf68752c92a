using System.Globalization;
using System.Runtime.InteropServices;

namespace IntegrationHub.Bench;

/// <summary>What the numbers depend on: cores, CPU, memory, OS, runtime.</summary>
internal static class MachineFacts
{
    public static IReadOnlyList<(string Name, string Value)> Describe(string databaseVersion) =>
    [
        ("CPU", CpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString()),
        ("Cores (logical)", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
        ("Memory", string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB")),
        ("OS", RuntimeInformation.OSDescription),
        (".NET", RuntimeInformation.FrameworkDescription + " (" + RuntimeInformation.RuntimeIdentifier + ", workstation GC)"),
        ("Database", databaseVersion),
    ];

    private static string? CpuModel()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
