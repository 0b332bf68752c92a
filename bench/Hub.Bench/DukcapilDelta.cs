using System.Globalization;

namespace IntegrationHub.Bench;

/// <summary>What a daily delta file holds.</summary>
internal sealed record DeltaFile(string Path, long Rows, long Moves, long NameCorrections, long Deaths);

/// <summary>
/// A daily Dukcapil delta made from the generated export, deterministically (no randomness: the same export gives the
/// same delta): one valid row in every hundred (1%), each changed in one of three ways a civil registry sees every
/// day, in turn: a move (address, RT/RW and the whole region block taken from a row 50 rows further on, so the new
/// village exists), a name correction (one letter of the full name changed), or a death (status deceased, date of
/// death the day before "today"). Rows already deceased get a move instead of a death. Every changed row gets a new
/// <c>TGL_UPDATE</c>. Rows broken on purpose, and rows that need CSV quoting, are never chosen.
/// </summary>
internal static class DukcapilDelta
{
    private const int Every = 100;

    // Columns of DukcapilSampleWriter.Columns.
    private const int Name = 2, Street = 11, Rt = 12, Rw = 13, Province = 14, PostalCode = 18, Status = 19, DateOfDeath = 20, Updated = 21, Count = 22;

    public static DeltaFile Write(string export, string deltaPath, IReadOnlySet<long> brokenLines, DateOnly today)
    {
        var lines = File.ReadLines(export).ToList();
        long rows = 0, moves = 0, names = 0, deaths = 0;
        var updated = today.ToDateTime(new TimeOnly(6, 0)).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var died = today.AddDays(-1).ToString("dd-MM-yyyy", CultureInfo.InvariantCulture);
        Directory.CreateDirectory(Path.GetDirectoryName(deltaPath)!);
        using var output = new StreamWriter(deltaPath);
        output.Write(lines[0] + "\n");
        for (var i = 1; i < lines.Count; i++)
        {
            // Line numbers as the planted defects count them: the header is line 1.
            var line = i + 1L;
            if (i % Every != Every / 2 || brokenLines.Contains(line) || Fields(lines[i]) is not { } fields)
            {
                continue;
            }

            var kind = rows % 3;
            if (kind == 2 && fields[Status] != "1")
            {
                kind = 0;
            }

            switch (kind)
            {
                case 0 when Fields(lines[(i + 50) % (lines.Count - 1) + 1]) is { } other:
                    fields[Street] = other[Street];
                    fields[Rt] = other[Rt];
                    fields[Rw] = other[Rw];
                    Array.Copy(other, Province, fields, Province, PostalCode - Province + 1);
                    moves++;
                    break;
                case 0:
                    continue;
                case 1:
                    fields[Name] = CorrectOneLetter(fields[Name]);
                    names++;
                    break;
                default:
                    fields[Status] = "2";
                    fields[DateOfDeath] = died;
                    deaths++;
                    break;
            }

            fields[Updated] = updated;
            output.Write(string.Join(';', fields) + "\n");
            rows++;
        }

        return new DeltaFile(deltaPath, rows, moves, names, deaths);
    }

    // A row the hub would accept as it stands and that needs no quoting; null otherwise.
    private static string[]? Fields(string line)
    {
        if (line.Contains('"', StringComparison.Ordinal))
        {
            return null;
        }

        var fields = line.Split(';');
        return fields.Length == Count && fields[0].Length == 16 ? fields : null;
    }

    // The last letter of the name becomes another letter (A<->E, any other -> A): a clerk's correction.
    private static string CorrectOneLetter(string name)
    {
        var chars = name.ToCharArray();
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (char.IsLetter(chars[i]))
            {
                chars[i] = chars[i] switch
                {
                    'A' => 'E',
                    'E' => 'A',
                    'a' => 'e',
                    'e' => 'a',
                    _ => char.IsUpper(chars[i]) ? 'A' : 'a',
                };
                return new string(chars);
            }
        }

        return name + " A";
    }
}
