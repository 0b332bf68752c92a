using CsvHelper;
using IntegrationHub.Core.Synthetic;

namespace IntegrationHub.Worker.Generation;

/// <summary>
/// Writes Dukcapil biodata rows one at a time, header first, breaking a share of them on purpose as
/// <see cref="DukcapilSampleWriter"/> was told to. Made by <see cref="DukcapilSampleWriter.Open"/>.
/// </summary>
public sealed class DukcapilRowWriter : IDisposable
{
    private readonly CsvWriter _csv;
    private readonly DukcapilSampleWriter _owner;
    private readonly List<PlantedDefect> _defects = [];
    private long _line = 1;

    internal DukcapilRowWriter(TextWriter output, DukcapilSampleWriter owner)
    {
        _csv = CsvWriter.Create(output, new CsvWriterOptions { Separator = ';', ValidateFieldCount = false }, true);
        _csv.WriteHeader(DukcapilSampleWriter.Columns);
        _owner = owner;
    }

    /// <summary>Rows written so far.</summary>
    public long Rows => _line - 1;

    /// <summary>The rows broken on purpose so far, with the quarantine reason ingest must give each.</summary>
    public IReadOnlyList<PlantedDefect> Defects => _defects;

    /// <summary>
    /// Writes one row. When <paramref name="mayBreak"/> is false the row is written as given (use it for rows
    /// that are already meant to be refused for another reason). Returns the NIK as written (the row's key) and
    /// the planted defect's expected reason, if any.
    /// </summary>
    public (string Key, string? Defect) Write(SyntheticPerson person, bool mayBreak)
    {
        ArgumentNullException.ThrowIfNull(person);
        _line++;
        var fields = DukcapilSampleWriter.ToFields(person);
        var defect = _owner.NextDefect(_defects.Count, mayBreak);
        if (defect is not null)
        {
            fields = DukcapilSampleWriter.Corrupt(fields, defect, person);
            _defects.Add(new PlantedDefect(_line, defect));
        }

        _csv.WriteRecord(fields);
        return (fields[0], defect);
    }

    /// <summary>Flushes what is buffered to the underlying writer.</summary>
    public void Flush() => _csv.Flush();

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();
}
