using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using IntegrationHub.Core.Matching.Model;

namespace IntegrationHub.Core.Matching;

/// <summary>
/// A Fellegi-Sunter match model: fields, comparisons with their levels' m and u, blocking rules, the prior and
/// the decision thresholds, read from and written to a versioned JSON file (docs/matching.md). A model is
/// validated when it is created, so an engine never meets a half-valid one.
/// </summary>
public sealed class MatchModel
{
    /// <summary>The value of <c>format</c> in every model file.</summary>
    public const string FormatName = "integrationhub.match-model";

    /// <summary>The file format version this build reads and writes.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Most comparisons a model may have (training packs a pair's levels into 64 bits).</summary>
    public const int MaxComparisons = 16;

    /// <summary>Most levels a comparison may have, not counting the implicit null level.</summary>
    public const int MaxLevels = 14;

    private const string DefaultResource = "IntegrationHub.Core.Matching.person.match.json";

    private static readonly JsonSerializerOptions s_read = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private static readonly JsonSerializerOptions s_write = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private MatchModel(MatchModelDocument document) => Document = document;

    /// <summary>The model as its JSON document.</summary>
    public MatchModelDocument Document { get; }

    /// <summary>What the model matches (<c>modelId</c>).</summary>
    public string Id => Document.ModelId;

    /// <summary>The model's version string (<c>version</c>), stored with every decision made with it.</summary>
    public string Version => Document.Version;

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="MatchModelException">The file is not a valid model of a supported format version.</exception>
    public static MatchModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MatchModelException($"Cannot read the match model {path}: {ex.Message}", ex);
        }

        try
        {
            return Parse(json);
        }
        catch (MatchModelException ex)
        {
            throw new MatchModelException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>Parses and validates a model from its JSON text.</summary>
    /// <exception cref="MatchModelException">The text is not a valid model of a supported format version.</exception>
    public static MatchModel Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CheckFormat(json);
        MatchModelDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<MatchModelDocument>(json, s_read);
        }
        catch (JsonException ex)
        {
            throw new MatchModelException($"Not a valid match model: {ex.Message}", ex);
        }

        return FromDocument(document ?? throw new MatchModelException("Not a valid match model: the file is empty (null)."));
    }

    /// <summary>The hub's shipped default person model (<c>models/person.match.json</c>, embedded in this assembly).</summary>
    public static MatchModel LoadDefault()
    {
        using var stream = typeof(MatchModel).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The default match model resource {DefaultResource} is missing from the build.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    /// <summary>Validates a document and wraps it.</summary>
    /// <exception cref="MatchModelException">The document breaks one or more rules; the message lists every one.</exception>
    public static MatchModel FromDocument(MatchModelDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var problems = MatchModelValidator.Validate(document);
        if (problems.Count > 0)
        {
            throw new MatchModelException("Not a valid match model:" + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }

        return new MatchModel(document);
    }

    /// <summary>The model as indented JSON, in the format <see cref="Parse"/> reads.</summary>
    public string ToJson() => JsonSerializer.Serialize(Document, s_write) + "\n";

    // The format and its version are checked before the body is bound, so a file from a newer build gets a message
    // about its version rather than about whichever member this build does not know.
    private static void CheckFormat(string json)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new MatchModelException($"Not a valid match model: not JSON ({ex.Message})", ex);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MatchModelException("Not a valid match model: the file must hold a JSON object.");
            }

            if (!root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != FormatName)
            {
                throw new MatchModelException($"Not a match model: \"format\" must be \"{FormatName}\".");
            }

            if (!root.TryGetProperty("formatVersion", out var version) || !version.TryGetInt32(out var number))
            {
                throw new MatchModelException("Not a valid match model: \"formatVersion\" is missing or not an integer.");
            }

            if (number != CurrentFormatVersion)
            {
                throw new MatchModelException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"Match model format version {number} is not supported by this build, which reads version {CurrentFormatVersion}{(number > CurrentFormatVersion ? "; the file was written by a newer build" : string.Empty)}."));
            }
        }
    }
}

/// <summary>A model file or document that cannot be used; the message says every reason.</summary>
public sealed class MatchModelException : Exception
{
    public MatchModelException(string message)
        : base(message)
    {
    }

    public MatchModelException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MatchModelException()
    {
    }
}
