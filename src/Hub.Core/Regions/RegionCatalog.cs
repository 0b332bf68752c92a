using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace IntegrationHub.Core.Regions;

/// <summary>
/// The Kemendagri region codes: the 2025 list down to villages, plus the codes that only the 2016–2023
/// lists carry (down to districts). Loaded once from resources embedded in this assembly.
/// </summary>
public sealed class RegionCatalog
{
    private static readonly Lazy<RegionCatalog> s_default = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, Region> _byCode;
    private readonly List<Region> _provinces;
    private readonly List<Region> _regencies;
    private readonly List<Region> _districts;
    private readonly Dictionary<string, List<Region>> _villagesByDistrict;

    private RegionCatalog(IEnumerable<Region> regions)
    {
        _byCode = new Dictionary<string, Region>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            // The current list wins over an older one with the same code.
            if (!_byCode.TryGetValue(region.Code, out var existing) || (!existing.IsCurrent && region.IsCurrent))
            {
                _byCode[region.Code] = region;
            }
        }

        var current = _byCode.Values.Where(r => r.IsCurrent).OrderBy(r => r.Code, StringComparer.Ordinal).ToList();
        _provinces = current.Where(r => r.Level == RegionLevel.Province).ToList();
        _regencies = current.Where(r => r.Level == RegionLevel.Regency).ToList();
        _districts = current.Where(r => r.Level == RegionLevel.District).ToList();
        _villagesByDistrict = current.Where(r => r.Level == RegionLevel.Village)
            .GroupBy(r => r.Code[..6], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
    }

    /// <summary>The catalog embedded in this assembly.</summary>
    public static RegionCatalog Default => s_default.Value;

    /// <summary>Current provinces, by code.</summary>
    public IReadOnlyList<Region> Provinces => _provinces;

    /// <summary>Current regencies and cities, by code.</summary>
    public IReadOnlyList<Region> Regencies => _regencies;

    /// <summary>Current districts, by code.</summary>
    public IReadOnlyList<Region> Districts => _districts;

    /// <summary>Finds a region by its undotted or dotted code, current or from an earlier list.</summary>
    public Region? Find(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }

        var key = code.Contains('.', StringComparison.Ordinal) ? code.Replace(".", "", StringComparison.Ordinal) : code;
        return _byCode.GetValueOrDefault(key);
    }

    /// <summary>The current villages of a district (undotted 6-digit code); empty when unknown.</summary>
    public IReadOnlyList<Region> VillagesOf(string districtCode) =>
        _villagesByDistrict.TryGetValue(districtCode, out var villages) ? villages : [];

    /// <summary>Builds a catalog from explicit regions; for tests and for other code lists.</summary>
    public static RegionCatalog FromRegions(IEnumerable<Region> regions) => new(regions);

    private static RegionCatalog LoadEmbedded()
    {
        var regions = new List<Region>(92_000);
        foreach (var (code, name, _) in ReadResource("regions-2025.csv.gz"))
        {
            regions.Add(Create(code, name, isCurrent: true, lastListedIn: "2025"));
        }

        foreach (var (code, name, years) in ReadResource("regions-legacy.csv.gz"))
        {
            var last = years?.Split('|')[^1];
            regions.Add(Create(code, name, isCurrent: false, lastListedIn: last));
        }

        return new RegionCatalog(regions);
    }

    private static Region Create(string dottedCode, string name, bool isCurrent, string? lastListedIn)
    {
        var code = dottedCode.Replace(".", "", StringComparison.Ordinal);
        var level = code.Length switch
        {
            2 => RegionLevel.Province,
            4 => RegionLevel.Regency,
            6 => RegionLevel.District,
            10 => RegionLevel.Village,
            _ => throw new InvalidDataException($"Region code '{dottedCode}' has an unexpected length."),
        };
        return new Region(code, name, level, isCurrent, lastListedIn);
    }

    internal static IEnumerable<(string Code, string Name, string? Third)> ReadResource(string name)
    {
        var assembly = typeof(RegionCatalog).GetTypeInfo().Assembly;
        var resource = "IntegrationHub.Core.Regions." + name;
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded resource '{resource}' is missing from the build.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        _ = reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var fields = SplitCsvLine(line);
            yield return (fields[0], fields[1], fields.Count > 2 ? fields[2] : null);
        }
    }

    // The lists are simple CSV: quotes appear only around names that contain commas.
    private static List<string> SplitCsvLine(string line)
    {
        var fields = new List<string>(3);
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
