namespace IntegrationHub.Bench.Micro;

/// <summary>Reads a FEBRL CSV (no quoting; a space after every comma) into field dictionaries.</summary>
internal static class FebrlCsv
{
    public static List<IReadOnlyDictionary<string, string?>> Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',').Select(h => h.Trim()).ToArray();
        return lines.Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var values = line.Split(',');
            var record = new Dictionary<string, string?>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                var value = i < values.Length ? values[i].Trim() : string.Empty;
                record[header[i]] = value.Length == 0 ? null : value;
            }

            return (IReadOnlyDictionary<string, string?>)record;
        }).ToList();
    }
}
