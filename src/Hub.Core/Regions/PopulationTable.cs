using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace IntegrationHub.Core.Regions;

/// <summary>
/// Registered population per regency and city in 2025 (Dukcapil aggregate), loaded once from the resource
/// embedded in this assembly. Used to weight synthetic residents by where people actually live.
/// </summary>
public sealed class PopulationTable
{
    private const string ResourceName = "IntegrationHub.Core.Regions.population-2025.csv.gz";

    private static readonly Lazy<PopulationTable> DefaultTable = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly List<RegencyPopulation> _regencies;

    private PopulationTable(List<RegencyPopulation> regencies, long total)
    {
        _regencies = regencies;
        Total = total;
    }

    /// <summary>The table embedded in this assembly.</summary>
    public static PopulationTable Default => DefaultTable.Value;

    /// <summary>Regencies and cities, by undotted code.</summary>
    public IReadOnlyList<RegencyPopulation> Regencies => _regencies;

    /// <summary>The national total, as the province rows give it.</summary>
    public long Total { get; }

    /// <summary>Builds a table from explicit rows; the total is their sum. For tests and other sources.</summary>
    public static PopulationTable FromRegencies(IEnumerable<RegencyPopulation> regencies)
    {
        ArgumentNullException.ThrowIfNull(regencies);
        var list = regencies.OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        return new PopulationTable(list, list.Sum(r => r.Total));
    }

    private static PopulationTable LoadEmbedded()
    {
        var assembly = typeof(PopulationTable).GetTypeInfo().Assembly;
        using var stream = assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{ResourceName}' is missing from the build.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);

        var header = reader.ReadLine();
        if (!string.Equals(header, "kode,nama,pria,wanita,total", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Unexpected header in '{ResourceName}': {header}");
        }

        var regencies = new List<RegencyPopulation>(520);
        long nationalTotal = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            // Names carry no commas in this file; the numeric columns are the last three, so split from the right
            // to stay safe if one ever does.
            var lastComma = line.LastIndexOf(',');
            var secondLast = line.LastIndexOf(',', lastComma - 1);
            var thirdLast = line.LastIndexOf(',', secondLast - 1);
            var firstComma = line.IndexOf(',', StringComparison.Ordinal);
            if (firstComma <= 0 || thirdLast < firstComma)
            {
                throw new InvalidDataException($"Malformed row in '{ResourceName}': {line}");
            }

            var code = line[..firstComma];
            // The published names have stray double spaces ("Kabupaten  Merangin").
            var name = string.Join(' ', line[(firstComma + 1)..thirdLast].Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries));
            var male = ParseCount(line, thirdLast + 1, secondLast);
            var female = ParseCount(line, secondLast + 1, lastComma);
            var total = ParseCount(line, lastComma + 1, line.Length);

            // Province rows ("32") give the national total; regency rows ("32.01") are the table.
            if (code.Length == 2)
            {
                nationalTotal += total;
            }
            else if (code.Length == 5 && code[2] == '.')
            {
                regencies.Add(new RegencyPopulation(code.Remove(2, 1), name, male, female, total));
            }
            else
            {
                throw new InvalidDataException($"Unexpected code '{code}' in '{ResourceName}'.");
            }
        }

        regencies.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new PopulationTable(regencies, nationalTotal);
    }

    private static long ParseCount(string line, int start, int end) =>
        long.Parse(line.AsSpan(start, end - start), NumberStyles.None, CultureInfo.InvariantCulture);
}
