using IntegrationHub.Core.Matching;

namespace IntegrationHub.Core.Tests.Matching;

/// <summary>A small person model with one comparison per level family, for level and blocking tests.</summary>
internal static class TestModels
{
    public const string Json = """
    {
      "format": "integrationhub.match-model",
      "formatVersion": 1,
      "modelId": "test-person",
      "version": "t-1",
      "fields": [
        { "name": "name", "normalise": "indonesian-name" },
        { "name": "dob", "normalise": "date", "formats": ["yyyy-MM-dd"] },
        { "name": "nik", "normalise": "digits" },
        { "name": "village", "normalise": "digits" },
        { "name": "kk", "normalise": "digits" }
      ],
      "comparisons": [
        { "name": "name", "field": "name", "levels": [
          { "label": "exact", "test": "exact", "m": 0.8, "u": 0.001 },
          { "label": "same-words", "test": "token-set", "m": 0.03, "u": 0.0001 },
          { "label": "dl<=1", "test": "damerau-levenshtein", "maxDistance": 1, "m": 0.05, "u": 0.001 },
          { "label": "jw>=0.9", "test": "jaro-winkler", "threshold": 0.9, "m": 0.04, "u": 0.005 },
          { "label": "word-subset", "test": "token-subset", "m": 0.03, "u": 0.005 },
          { "label": "else", "test": "else", "m": 0.05, "u": 0.9879 } ],
          "termFrequency": { "level": "exact", "weight": 1, "maxBoost": 2, "defaultFrequency": 0.0001,
            "values": { "SITI AMINAH": 0.02, "BUDI SANTOSO": 0.0005 } } },
        { "name": "dob", "field": "dob", "levels": [
          { "label": "exact", "test": "exact", "m": 0.9, "u": 0.0001 },
          { "label": "day-month-swap", "test": "date-swap", "m": 0.02, "u": 0.00001 },
          { "label": "one-digit", "test": "hamming", "maxDistance": 1, "m": 0.04, "u": 0.002 },
          { "label": "year-off", "test": "date-year-off", "maxDistance": 1, "m": 0.01, "u": 0.0001 },
          { "label": "else", "test": "else", "m": 0.03, "u": 0.99779 } ] },
        { "name": "nik", "field": "nik", "levels": [
          { "label": "exact", "test": "exact", "m": 0.95, "u": 0.000001 },
          { "label": "transposition", "test": "transposition", "m": 0.01, "u": 0.000001 },
          { "label": "one-edit", "test": "levenshtein", "maxDistance": 1, "m": 0.02, "u": 0.0001 },
          { "label": "else", "test": "else", "m": 0.02, "u": 0.999898 } ] },
        { "name": "region", "field": "village", "levels": [
          { "label": "village", "test": "exact", "m": 0.85, "u": 0.0001 },
          { "label": "district", "test": "prefix", "length": 6, "m": 0.05, "u": 0.001 },
          { "label": "regency", "test": "prefix", "length": 4, "m": 0.04, "u": 0.01 },
          { "label": "province", "test": "prefix", "length": 2, "m": 0.03, "u": 0.05 },
          { "label": "else", "test": "else", "m": 0.03, "u": 0.9389 } ] },
        { "name": "kk", "field": "kk", "levels": [
          { "label": "exact", "test": "exact", "m": 0.9, "u": 0.00001 },
          { "label": "else", "test": "else", "m": 0.1, "u": 0.99999 } ] }
      ],
      "blocking": [
        { "name": "nik", "keys": [ { "field": "nik" } ] },
        { "name": "word_dob", "keys": [ { "field": "name", "function": "each-token" }, { "field": "dob" } ] },
        { "name": "sound_year", "keys": [ { "field": "name", "function": "phonetic-first-token" }, { "field": "dob", "function": "year" } ] },
        { "name": "district", "keys": [ { "field": "village", "function": "prefix", "length": 6 }, { "field": "name", "function": "sorted-tokens" } ] }
      ],
      "prior": 0.0001,
      "thresholds": { "link": 0.999, "review": 0.5 }
    }
    """;

    public static MatchEngine Engine() => new(MatchModel.Parse(Json));

    public static Dictionary<string, string?> Person(string? name = "BUDI SANTOSO", string? dob = "1980-03-12", string? nik = "3201011203800001", string? village = "3201012001", string? kk = null) =>
        new(StringComparer.Ordinal) { ["name"] = name, ["dob"] = dob, ["nik"] = nik, ["village"] = village, ["kk"] = kk };
}
