using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Csv;

namespace IntegrationHub.Connectors.Tests.Csv;

public sealed class CsvFileSourceTests : IDisposable
{
    private static readonly string[] s_columns = ["ID", "NAMA"];
    private static readonly SourceFeed s_feed = new(CsvFileSource.FeedName, s_columns, "ID");

    private readonly string _drop = Directory.CreateTempSubdirectory("hub-drop-").FullName;

    private string Drop(string name, int from, int count, string header = "ID;NAMA")
    {
        var path = Path.Combine(_drop, name);
        File.WriteAllLines(path, [header, .. Enumerable.Range(from, count).Select(i => $"{i};ORANG {i}")]);
        return path;
    }

    private CsvFileSource DropSource(CsvFileSourceOptions? options = null) =>
        new("test", options ?? new CsvFileSourceOptions { Directory = _drop }, s_columns);

    /// <summary>Reads to the end the way the hub does: commit, tell the source, go on from the returned cursor.</summary>
    private static async Task<(List<string> Ids, List<string> Unreadable, SourceCursor Cursor)> DrainAsync(CsvFileSource source, SourceCursor cursor, int batch, int? stopAfterBatches = null)
    {
        var ids = new List<string>();
        var unreadable = new List<string>();
        for (var n = 0; stopAfterBatches is null || n < stopAfterBatches; n++)
        {
            var result = await source.ReadAsync(s_feed, cursor, batch, CancellationToken.None);
            ids.AddRange(result.Rows.Select(r => r.Fields["ID"]!));
            unreadable.AddRange(result.Unreadable.Select(u => u.Reason));
            cursor = result.Next;
            await source.CommittedAsync(s_feed, cursor, CancellationToken.None);
            if (result.Exhausted)
            {
                break;
            }
        }

        return (ids, unreadable, cursor);
    }

    private static IEnumerable<string> Ids(int from, int count) => Enumerable.Range(from, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Read_DropDirectory_ReadsFilesInNameOrderAndMovesThemToProcessed()
    {
        Drop("b.csv", 100, 10);
        Drop("a.csv", 1, 25);
        using var source = DropSource();

        var (ids, unreadable, _) = await DrainAsync(source, SourceCursor.Start, 7);

        Assert.Equal([.. Ids(1, 25), .. Ids(100, 10)], ids);
        Assert.Empty(unreadable);
        Assert.Empty(Directory.GetFiles(_drop, "*.csv"));
        Assert.Equal(["a.csv", "b.csv"], Directory.GetFiles(Path.Combine(_drop, "processed")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Read_ResumedFromEveryCommittedCursor_GivesExactlyTheRest()
    {
        Drop("a.csv", 1, 23);
        Drop("b.csv", 100, 9);
        var all = Ids(1, 23).Concat(Ids(100, 9)).ToList();

        for (var crashAfter = 1; crashAfter <= 7; crashAfter++)
        {
            // Put the files back for the next crash point.
            var processed = Directory.CreateDirectory(Path.Combine(_drop, "processed")).FullName;
            foreach (var file in Directory.GetFiles(processed, "*.csv"))
            {
                File.Move(file, Path.Combine(_drop, Path.GetFileName(file)));
            }

            List<string> before;
            SourceCursor committed;
            using (var first = DropSource())
            {
                (before, _, committed) = await DrainAsync(first, SourceCursor.Start, 5, stopAfterBatches: crashAfter);
            }

            // A new process, as after kill -9: only the committed cursor survives.
            using var second = DropSource();
            var (after, _, _) = await DrainAsync(second, committed, 5);

            Assert.Equal(all, before.Concat(after));
        }
    }

    [Fact]
    public async Task Read_FinishedFileNotYetMoved_IsMovedOnTheNextReadNotReadAgain()
    {
        Drop("a.csv", 1, 5);
        using var source = DropSource();
        var batch = await source.ReadAsync(s_feed, SourceCursor.Start, 100, CancellationToken.None);
        // Crash after the commit, before CommittedAsync: the file is still in the drop directory.
        Assert.True(File.Exists(Path.Combine(_drop, "a.csv")));
        Drop("b.csv", 6, 3);

        using var restarted = DropSource();
        var (ids, _, _) = await DrainAsync(restarted, batch.Next, 100);

        Assert.Equal(Ids(6, 3), ids);
        Assert.True(File.Exists(Path.Combine(_drop, "processed", "a.csv")));
    }

    [Fact]
    public async Task Read_FileReplacedUnderTheSameName_IsReadFromItsStart()
    {
        Drop("a.csv", 1, 20);
        SourceCursor committed;
        using (var first = DropSource())
        {
            (_, _, committed) = await DrainAsync(first, SourceCursor.Start, 5, stopAfterBatches: 2);
        }

        Drop("a.csv", 500, 30);
        File.SetLastWriteTimeUtc(Path.Combine(_drop, "a.csv"), DateTime.UtcNow.AddMinutes(1));
        using var second = DropSource();
        var (ids, _, _) = await DrainAsync(second, committed, 5);

        Assert.Equal(Ids(500, 30), ids);
    }

    [Fact]
    public async Task Read_FileWithTheWrongHeader_GoesToFailedWithItsReasonAndTheDropGoesOn()
    {
        Drop("a.csv", 1, 3, header: "KODE;NAMA");
        Drop("b.csv", 10, 3);
        using var source = DropSource();

        var (ids, unreadable, _) = await DrainAsync(source, SourceCursor.Start, 100);

        Assert.Equal(Ids(10, 3), ids);
        Assert.Equal(["file.Unreadable"], unreadable);
        Assert.True(File.Exists(Path.Combine(_drop, "failed", "a.csv")));
        Assert.Contains("ID", await File.ReadAllTextAsync(Path.Combine(_drop, "failed", "a.csv.reason.txt")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_NamedFiles_AreReadInTheOrderGivenAndNeverMoved()
    {
        var b = Drop("b.csv", 100, 4);
        var a = Drop("a.csv", 1, 4);
        using var source = new CsvFileSource("test", new CsvFileSourceOptions { Files = [b, a] }, s_columns);

        var (ids, _, _) = await DrainAsync(source, SourceCursor.Start, 3);

        Assert.Equal([.. Ids(100, 4), .. Ids(1, 4)], ids);
        Assert.True(File.Exists(a) && File.Exists(b));
        Assert.False(Directory.Exists(Path.Combine(_drop, "processed")));
    }

    [Fact]
    public async Task Read_NamedFileWithTheWrongHeader_FailsPermanentlyNamingTheColumn()
    {
        var a = Drop("a.csv", 1, 3, header: "KODE;NAMA");
        using var source = new CsvFileSource("test", new CsvFileSourceOptions { Files = [a] }, s_columns);

        var error = await Assert.ThrowsAsync<ConnectorException>(() => source.ReadAsync(s_feed, SourceCursor.Start, 10, CancellationToken.None));

        Assert.False(error.IsTransient);
        Assert.Contains("ID", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_HeaderMapAndCommaDelimiter_AreApplied()
    {
        var path = Path.Combine(_drop, "x.txt");
        await File.WriteAllLinesAsync(path, ["Nomor,Nama Lengkap", "7,\"SITI, AMINAH\""]);
        using var source = new CsvFileSource("test", new CsvFileSourceOptions
        {
            Files = [path],
            Delimiter = ",",
            HeaderMap = new Dictionary<string, string> { ["Nomor"] = "ID", ["Nama Lengkap"] = "NAMA" },
        }, s_columns);

        var batch = await source.ReadAsync(s_feed, SourceCursor.Start, 10, CancellationToken.None);

        var row = Assert.Single(batch.Rows);
        Assert.Equal("7", row.Fields["ID"]);
        Assert.Equal("SITI, AMINAH", row.Fields["NAMA"]);
        Assert.Equal(2, row.Offset);
        Assert.Equal("x.txt", row.Location);
    }

    [Fact]
    public async Task Read_EmptyDropDirectory_IsExhaustedAtOnce()
    {
        using var source = DropSource();

        var batch = await source.ReadAsync(s_feed, SourceCursor.Start, 10, CancellationToken.None);

        Assert.True(batch.Exhausted);
        Assert.Empty(batch.Rows);
        Assert.True((await source.CheckConnectionAsync(CancellationToken.None)).Succeeded);
    }

    [Fact]
    public void Create_BothOrNeitherDirectoryAndFiles_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new CsvFileSource("t", new CsvFileSourceOptions(), s_columns));
        Assert.Throws<ArgumentException>(() => new CsvFileSource("t", new CsvFileSourceOptions { Directory = _drop, Files = ["a"] }, s_columns));
        Assert.Throws<ArgumentException>(() => new CsvFileSource("t", new CsvFileSourceOptions { Directory = _drop, Delimiter = ";;" }, s_columns));
    }

    public void Dispose() => Directory.Delete(_drop, recursive: true);
}
