using System.Text.Json;

namespace IntegrationHub.Storage.Quarantine;

/// <summary>The stored form of a quarantined row's source fields and of a re-process attempt's reasons (JSON).</summary>
internal static class QuarantineFields
{
    public static string? Serialize(IReadOnlyDictionary<string, string?>? fields) =>
        fields is null ? null : JsonSerializer.Serialize(fields);

    public static IReadOnlyDictionary<string, string?>? Deserialize(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<Dictionary<string, string?>>(json);

    public static string SerializeReasons(IReadOnlyList<QuarantineReason> reasons) =>
        JsonSerializer.Serialize(reasons, JsonSerializerOptions.Web);

    public static IReadOnlyList<QuarantineReason> DeserializeReasons(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<QuarantineReason>>(json, JsonSerializerOptions.Web) ?? [];
}
