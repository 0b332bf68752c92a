using System.Text.Json;
using System.Text.Json.Serialization;

namespace IntegrationHub.Storage.Backup;

/// <summary>
/// What a backup holds, stored beside the database image inside the backup file: the engine, the schema version,
/// when it was taken (the recovery point), the row count of every table at that moment, and the payload's
/// SHA-256 so that a damaged file is refused before anything is overwritten.
/// </summary>
public sealed record BackupManifest(
    string Format,
    DatabaseProvider Provider,
    int SchemaVersion,
    DateTimeOffset CreatedAt,
    string Source,
    IReadOnlyDictionary<string, long> RowCounts,
    string PayloadEntry,
    long PayloadBytes,
    string PayloadSha256)
{
    /// <summary>The format identifier of backups this build writes and reads.</summary>
    public const string CurrentFormat = "integrationhub-backup/1";

    /// <summary>The manifest's entry name in the backup file.</summary>
    public const string EntryName = "manifest.json";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static BackupManifest FromJson(string json) =>
        JsonSerializer.Deserialize<BackupManifest>(json, s_json) ?? throw new JsonException("The manifest is empty.");
}
