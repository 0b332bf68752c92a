using System.Text;
using CsvHelper;

namespace IntegrationHub.Connectors.Csv;

/// <summary>Thrown when a file cannot be read as the expected kind at all (e.g. its header lacks a required column).</summary>
public sealed class SourceFormatException(string message) : Exception(message);

/// <summary>
/// Streams a delimited text file with a header row. Rows with the wrong number of fields or broken quoting come
/// back as <see cref="MalformedRow"/> in file order, never dropped, and never stop the read.
/// </summary>
public sealed class DelimitedFileReader
{
    private readonly char _separator;
    private readonly Encoding? _encoding;
    private readonly Dictionary<string, string> _headerMap;

    /// <summary>
    /// Creates a reader; <paramref name="encoding"/> null means UTF-8 with or without a byte order mark;
    /// <paramref name="headerMap"/> renames headers as the file writes them to the names the mapping uses.
    /// </summary>
    public DelimitedFileReader(char separator, Encoding? encoding = null, IReadOnlyDictionary<string, string>? headerMap = null)
    {
        _separator = separator;
        _encoding = encoding;
        _headerMap = headerMap is null
            ? new Dictionary<string, string>()
            : headerMap.ToDictionary(kv => kv.Key.Trim(), kv => kv.Value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Reads <paramref name="path"/> and checks that its header has every column of <paramref name="requiredColumns"/>.
    /// Each item is a row or a malformed row; fields are returned in <paramref name="requiredColumns"/> order.
    /// </summary>
    public IEnumerable<(DelimitedRow? Row, MalformedRow? Malformed)> Read(string path, IReadOnlyList<string> requiredColumns, CancellationToken cancellationToken)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        foreach (var item in Read(stream, Path.GetFileName(path), requiredColumns, cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>As <see cref="Read(string, IReadOnlyList{string}, CancellationToken)"/>, from a stream the caller owns (and may watch for progress).</summary>
    public IEnumerable<(DelimitedRow? Row, MalformedRow? Malformed)> Read(Stream stream, string name, IReadOnlyList<string> requiredColumns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requiredColumns);
        var malformed = new Queue<MalformedRow>();
        var options = new CsvReaderOptions
        {
            Separator = _separator,
            HasHeader = true,
            TrackLineNumbers = true,
            // With line breaks allowed, one unclosed quote silently swallows the following lines into one record.
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Skip,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            Encoding = _encoding,
            OnMalformedRecord = m => malformed.Enqueue(new MalformedRow(
                m.LineNumber, "csv." + m.Reason, $"Row is not valid delimited text ({m.Reason}).", m.RawRecord)),
        };

        using var reader = CsvReader.Create(stream, options, true);
        var headers = reader.Headers;
        var indexes = new int[requiredColumns.Count];
        var missing = new List<string>();
        for (var i = 0; i < requiredColumns.Count; i++)
        {
            indexes[i] = IndexOf(headers, requiredColumns[i]);
            if (indexes[i] < 0)
            {
                missing.Add(requiredColumns[i]);
            }
        }

        if (missing.Count > 0)
        {
            throw new SourceFormatException($"The header of {name} lacks the column(s) {string.Join(", ", missing)}; expected '{string.Join(_separator, requiredColumns)}'.");
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var more = reader.Read();
            while (malformed.Count > 0)
            {
                yield return (null, malformed.Dequeue());
            }

            if (!more)
            {
                yield break;
            }

            var raw = Encoding.UTF8.GetString(reader.RawRecord);
            if (reader.FieldCount != headers.Count)
            {
                yield return (null, new MalformedRow(reader.LineNumber, "csv.FieldCount", $"Row has {reader.FieldCount} fields; the header has {headers.Count}.", raw));
                continue;
            }

            var fields = new string[indexes.Length];
            for (var i = 0; i < indexes.Length; i++)
            {
                fields[i] = reader.GetString(indexes[i]);
            }

            yield return (new DelimitedRow(reader.LineNumber, fields, raw), null);
        }
    }

    private int IndexOf(IReadOnlyList<string> headers, string column)
    {
        var found = -1;
        for (var i = 0; i < headers.Count; i++)
        {
            var header = headers[i].Trim();
            if (_headerMap.TryGetValue(header, out var renamed))
            {
                header = renamed;
            }

            if (string.Equals(header, column, StringComparison.OrdinalIgnoreCase))
            {
                // Two columns of the same name would leave it to chance which value is read; refuse the file.
                if (found >= 0)
                {
                    throw new SourceFormatException($"The header names column {column} more than once (columns {found + 1} and {i + 1}).");
                }

                found = i;
            }
        }

        return found;
    }
}
