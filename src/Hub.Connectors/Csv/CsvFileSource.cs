using System.Globalization;
using System.Text;
using System.Text.Json;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Core.Ingest;

namespace IntegrationHub.Connectors.Csv;

/// <summary>
/// Reads delimited files: a drop directory (files in name order, moved aside once read) or a fixed list.
/// The cursor is the file, its fingerprint (size and modification time) and the last line read, so a run
/// killed mid-file resumes on the next line; a file whose fingerprint changed is read again from the start.
/// A file is moved to the processed directory only when a later read finds its last batch committed, so a
/// crash between commit and move loses nothing.
/// </summary>
public sealed class CsvFileSource : ISourceConnector, ISourceCommitListener, IDisposable
{
    /// <summary>The single feed a file source offers.</summary>
    public const string FeedName = "files";

    private readonly CsvFileSourceOptions _options;
    private readonly string _sourceName;
    private readonly IReadOnlyList<string> _columns;
    private readonly DelimitedFileReader _reader;
    private OpenFile? _open;

    /// <summary>
    /// Creates the source. <paramref name="columns"/> are the fields the mapping reads: a file whose header lacks
    /// one is refused as a whole.
    /// </summary>
    public CsvFileSource(string sourceName, CsvFileSourceOptions options, IReadOnlyList<string> columns)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Directory is null == options.Files is null)
        {
            throw new ArgumentException("Give either a drop directory or a list of files.", nameof(options));
        }

        if (options.Delimiter.Length != 1)
        {
            throw new ArgumentException("The delimiter must be one character.", nameof(options));
        }

        _sourceName = sourceName;
        _options = options;
        _columns = columns;
        _reader = new DelimitedFileReader(options.Delimiter[0], ResolveEncoding(options.Encoding), options.HeaderMap);
    }

    /// <inheritdoc/>
    public string Kind => "csv-file";

    /// <summary>How far through the current file the last read got (0–1), for progress displays.</summary>
    public double FileFraction { get; private set; }

    /// <summary>The file the last read came from.</summary>
    public string? CurrentFile { get; private set; }

    /// <inheritdoc/>
    public Task<ConnectionCheck> CheckConnectionAsync(CancellationToken cancellationToken)
    {
        if (_options.Directory is { } dir)
        {
            return Task.FromResult(System.IO.Directory.Exists(dir)
                ? new ConnectionCheck(true, $"Drop directory {Path.GetFileName(dir)} has {Candidates().Count} file(s) waiting.")
                : new ConnectionCheck(false, $"Drop directory {dir} does not exist."));
        }

        var missing = _options.Files!.Where(f => !File.Exists(f)).ToList();
        return Task.FromResult(missing.Count == 0
            ? new ConnectionCheck(true, $"{_options.Files!.Count} file(s) to read.")
            : new ConnectionCheck(false, $"Not found: {string.Join(", ", missing.Select(Path.GetFileName))}."));
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<SourceFeed>> DiscoverAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SourceFeed>>([new SourceFeed(FeedName, _columns, null)]);

    /// <inheritdoc/>
    public Task<SourceBatch> ReadAsync(SourceFeed feed, SourceCursor cursor, int maxRecords, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var position = Position.Parse(cursor);
        var candidates = Candidates();
        string? path = null;
        long afterLine = 0;

        if (position is not null)
        {
            var current = candidates.FirstOrDefault(c => string.Equals(Path.GetFileName(c), position.File, StringComparison.Ordinal));
            var unchanged = current is not null && Fingerprint(current) == position.Fingerprint;
            if (position.Done)
            {
                if (unchanged && _options.Directory is not null)
                {
                    MoveAside(current!, _options.ProcessedDirectory, null);
                    candidates.Remove(current!);
                }
                else if (unchanged)
                {
                    candidates = candidates.SkipWhile(c => c != current).Skip(1).ToList();
                }
            }
            else if (unchanged)
            {
                path = current;
                afterLine = position.Line;
            }
        }

        path ??= candidates.FirstOrDefault();
        if (path is null)
        {
            Close();
            return Task.FromResult(new SourceBatch([], [], cursor, Exhausted: true));
        }

        return Task.FromResult(ReadFrom(path, afterLine, maxRecords, candidates, cancellationToken));
    }

    private SourceBatch ReadFrom(string path, long afterLine, int maxRecords, List<string> candidates, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        var fingerprint = Fingerprint(path);
        var rows = new List<SourceRow>(Math.Min(maxRecords, 4096));
        var unreadable = new List<QuarantinedRow>();
        var lastLine = afterLine;
        var done = false;
        try
        {
            // Keep the file open between batches; reopen (and skip to the cursor) only after a resume or a switch.
            if (_open is null || _open.Path != path || _open.Fingerprint != fingerprint || _open.LastLine != afterLine)
            {
                Close();
                _open = new OpenFile(path, fingerprint, _reader.Read(path, _columns, cancellationToken).GetEnumerator(), 0);
                while (_open.LastLine < afterLine && _open.Rows.MoveNext())
                {
                    _open.LastLine = _open.Rows.Current.Row?.Line ?? _open.Rows.Current.Malformed!.Line;
                }
            }

            while (rows.Count + unreadable.Count < maxRecords)
            {
                if (!_open.Rows.MoveNext())
                {
                    done = true;
                    break;
                }

                var (row, malformed) = _open.Rows.Current;
                if (row is not null)
                {
                    var fields = new Dictionary<string, string?>(_columns.Count, StringComparer.Ordinal);
                    for (var i = 0; i < _columns.Count; i++)
                    {
                        fields[_columns[i]] = row.Fields[i];
                    }

                    rows.Add(new SourceRow(fields, name, row.Line, row.Raw));
                    lastLine = row.Line;
                }
                else
                {
                    unreadable.Add(new QuarantinedRow(_sourceName, name, malformed!.Line, malformed.Reason, null, malformed.Message, malformed.Raw));
                    lastLine = malformed.Line;
                }

                _open.LastLine = lastLine;
            }
        }
        catch (SourceFormatException ex)
        {
            Close();
            if (_options.Directory is null)
            {
                throw new ConnectorException(ex.Message, isTransient: false, ex);
            }

            // A file that is not this source's format at all is set aside with its reason; the drop goes on.
            MoveAside(path, _options.FailedDirectory, ex.Message);
            unreadable.Add(new QuarantinedRow(_sourceName, name, 1, "file.Unreadable", null, ex.Message, null));
            return new SourceBatch(rows, unreadable, new Position(name, fingerprint, 0, Done: false).ToCursor(), Exhausted: candidates.Count <= 1);
        }

        CurrentFile = name;
        FileFraction = done ? 1 : Math.Min(1, (double)lastLine / Math.Max(1, EstimateLines(path)));
        if (done)
        {
            Close();
        }

        var more = !done || candidates.SkipWhile(c => c != path).Skip(1).Any();
        return new SourceBatch(rows, unreadable, new Position(name, fingerprint, lastLine, done).ToCursor(), Exhausted: !more);
    }

    /// <inheritdoc/>
    public Task CommittedAsync(SourceFeed feed, SourceCursor cursor, CancellationToken cancellationToken)
    {
        // A drop file whose last batch is committed goes to the processed directory now; if this never runs, the
        // next read sees the finished cursor and moves it then.
        if (_options.Directory is not null && Position.Parse(cursor) is { Done: true } done)
        {
            var path = Path.Combine(_options.Directory, done.File);
            if (File.Exists(path) && Fingerprint(path) == done.Fingerprint)
            {
                Close();
                MoveAside(path, _options.ProcessedDirectory, null);
            }
        }

        return Task.CompletedTask;
    }

    private List<string> Candidates()
    {
        if (_options.Files is { } files)
        {
            return files.Select(Path.GetFullPath).ToList();
        }

        var dir = _options.Directory!;
        return System.IO.Directory.Exists(dir)
            ? System.IO.Directory.GetFiles(dir, _options.Pattern, SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    private void MoveAside(string path, string subdirectory, string? reason)
    {
        var target = Path.Combine(_options.Directory!, subdirectory);
        System.IO.Directory.CreateDirectory(target);
        var destination = Path.Combine(target, Path.GetFileName(path));
        if (File.Exists(destination))
        {
            // Never overwrite an earlier file of the same name: keep both.
            destination = Path.Combine(target, $"{Path.GetFileNameWithoutExtension(path)}.{DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture)}{Path.GetExtension(path)}");
        }

        File.Move(path, destination);
        if (reason is not null)
        {
            File.WriteAllText(destination + ".reason.txt", reason + Environment.NewLine);
        }
    }

    // Size and modification time: cheap, and enough to notice a file replaced under the same name.
    private static string Fingerprint(string path)
    {
        var info = new FileInfo(path);
        return string.Create(CultureInfo.InvariantCulture, $"{info.Length}-{info.LastWriteTimeUtc.Ticks}");
    }

    // For progress only: bytes over an average line length taken from the first 64 KB.
    private static long EstimateLines(string path)
    {
        var length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        var buffer = new byte[(int)Math.Min(length, 65536)];
        var read = stream.Read(buffer, 0, buffer.Length);
        var lines = buffer.AsSpan(0, read).Count((byte)'\n');
        return lines == 0 ? 1 : Math.Max(1, length * lines / Math.Max(1, read));
    }

    private static Encoding? ResolveEncoding(string? name)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case null or "" or "UTF-8" or "UTF8":
                return null;
            case "WINDOWS-1252" or "CP1252":
                Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
                return Encoding.GetEncoding(1252);
            default:
                throw new ArgumentException($"Unknown encoding '{name}'; use utf-8 or windows-1252.", nameof(name));
        }
    }

    private void Close()
    {
        _open?.Rows.Dispose();
        _open = null;
    }

    /// <inheritdoc/>
    public void Dispose() => Close();

    private sealed class OpenFile(string path, string fingerprint, IEnumerator<(DelimitedRow? Row, MalformedRow? Malformed)> rows, long lastLine)
    {
        public string Path { get; } = path;

        public string Fingerprint { get; } = fingerprint;

        public IEnumerator<(DelimitedRow? Row, MalformedRow? Malformed)> Rows { get; } = rows;

        public long LastLine { get; set; } = lastLine;
    }

    private sealed record Position(string File, string Fingerprint, long Line, bool Done)
    {
        public SourceCursor ToCursor() => new(JsonSerializer.Serialize(this, CursorJson.Options));

        public static Position? Parse(SourceCursor cursor)
        {
            if (cursor.IsStart)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize<Position>(cursor.Value!, CursorJson.Options);
            }
            catch (JsonException ex)
            {
                throw new ConnectorException("The stored cursor is not a file-source cursor.", isTransient: false, ex);
            }
        }
    }

    private static class CursorJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
