using IntegrationHub.Connectors.Contract;
using IntegrationHub.Connectors.Csv;
using IntegrationHub.Connectors.Mapping;
using IntegrationHub.Connectors.Rest;
using IntegrationHub.Connectors.Sql;
using IntegrationHub.Connectors.Validation;
using IntegrationHub.Worker.Configuration;

namespace IntegrationHub.Worker.Ingest;

/// <summary>Builds a configured source's connector and mapping. New agencies are configuration; only a new transport is code.</summary>
public static class SourceFactory
{
    /// <summary>Loads the mapping a source names (default <c>mappings/{name}.json</c> beside the program).</summary>
    public static CompiledMapping LoadMapping(string sourceName, SourceOptions source, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(source);
        var path = source.Mapping ?? Path.Combine("mappings", sourceName + ".json");
        if (!Path.IsPathRooted(path))
        {
            path = Path.Combine(AppContext.BaseDirectory, path);
        }

        if (!File.Exists(path))
        {
            throw new IngestInputException($"Source '{sourceName}' has no mapping: {path} does not exist.");
        }

        try
        {
            return CompiledMapping.Load(path, time);
        }
        catch (MappingDefinitionException ex)
        {
            throw new IngestInputException($"The mapping of source '{sourceName}' is not valid:{Environment.NewLine}{ex.Message}", ex);
        }
    }

    /// <summary>The payload schema a mapping names, compiled; null when it names none.</summary>
    public static RecordSchema? LoadSchema(string sourceName, CompiledMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (mapping.Definition.Schema is not { } schema)
        {
            return null;
        }

        var path = Path.IsPathRooted(schema) ? schema : Path.Combine(AppContext.BaseDirectory, schema);
        if (!File.Exists(path))
        {
            throw new IngestInputException($"The mapping of source '{sourceName}' names schema {schema}, which does not exist.");
        }

        try
        {
            return RecordSchema.Load(path);
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or ArgumentException)
        {
            throw new IngestInputException($"The schema of source '{sourceName}' cannot be used: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The connector for a source. With <paramref name="files"/>, a file source reads exactly those (and moves
    /// nothing); without, it reads its configured drop directory.
    /// </summary>
    public static ISourceConnector Create(string sourceName, SourceOptions source, CompiledMapping mapping, IReadOnlyList<string>? files)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(mapping);
        switch (source.Kind)
        {
            case SourceKinds.CsvFile:
                var csv = source.Csv;
                var options = new CsvFileSourceOptions
                {
                    Directory = files is null ? csv.Directory ?? throw new IngestInputException($"Source '{sourceName}' has no Csv:Directory; name files to ingest, or configure the drop directory.") : null,
                    Files = files,
                    Pattern = csv.Pattern,
                    Delimiter = csv.Delimiter,
                    Encoding = csv.Encoding,
                    HeaderMap = csv.HeaderMap,
                    ProcessedDirectory = csv.ProcessedDirectory,
                    FailedDirectory = csv.FailedDirectory,
                };
                try
                {
                    return new CsvFileSource(mapping.Definition.Source, options, mapping.SourceFields);
                }
                catch (ArgumentException ex)
                {
                    throw new IngestInputException($"Source '{sourceName}': {ex.Message}", ex);
                }

            case SourceKinds.RestJson:
                if (files is not null)
                {
                    throw new IngestInputException($"Source '{sourceName}' reads a REST API; it takes no files.");
                }

                try
                {
                    return new RestJsonSource(mapping.Definition.Source, source.Rest);
                }
                catch (ArgumentException ex)
                {
                    throw new IngestInputException($"Source '{sourceName}' is not configured correctly:{Environment.NewLine}{ex.Message}", ex);
                }

            case SourceKinds.SqlTable:
                if (files is not null)
                {
                    throw new IngestInputException($"Source '{sourceName}' reads a database table; it takes no files.");
                }

                try
                {
                    return new SqlTableSource(source.Sql);
                }
                catch (ConnectorException ex)
                {
                    throw new IngestInputException($"Source '{sourceName}' is not configured correctly:{Environment.NewLine}{ex.Message}", ex);
                }

            default:
                throw new IngestInputException($"Source '{sourceName}' has kind '{source.Kind}', which this build cannot read; known: {SourceKinds.CsvFile}, {SourceKinds.RestJson}, {SourceKinds.SqlTable}.");
        }
    }
}
