using System.Globalization;
using System.Text;
using IntegrationHub.Core.Matching.Comparators;
using IntegrationHub.Core.Matching.Model;

namespace IntegrationHub.Core.Matching.Internal;

/// <summary>A blocking rule ready to turn prepared records into keys.</summary>
internal sealed class CompiledBlockingRule(BlockingRuleDefinition definition, int[] fields)
{
    /// <summary>Longest key handed out; longer ones are cut and end in a hash of the whole key.</summary>
    public const int MaxKeyLength = 200;

    public string Name { get; } = definition.Name;

    public int MaxBlockSize { get; } = definition.MaxBlockSize;

    public int[] Fields { get; } = fields;

    /// <summary>Adds the rule's keys for a record (none when a part has no value).</summary>
    public void AddKeys(PreparedRecord record, List<string> keys)
    {
        var combinations = new List<string> { string.Empty };
        for (var p = 0; p < definition.Keys.Count; p++)
        {
            var values = PartValues(definition.Keys[p], record, Fields[p]);
            if (values.Count == 0)
            {
                return;
            }

            var next = new List<string>(combinations.Count * values.Count);
            foreach (var prefix in combinations)
            {
                foreach (var value in values)
                {
                    next.Add(p == 0 ? value : prefix + "|" + value);
                }
            }

            combinations = next;
        }

        combinations.Sort(StringComparer.Ordinal);
        foreach (var combination in combinations.Distinct(StringComparer.Ordinal))
        {
            keys.Add(Bound(Name + ":" + combination));
        }
    }

    private static List<string> PartValues(BlockingKeyPart part, PreparedRecord record, int field)
    {
        var value = record.Values[field];
        var result = new List<string>(1);
        if (value is null)
        {
            return result;
        }

        var tokens = record.Tokens[field]!;
        switch (part.Function)
        {
            case KeyFunctions.Prefix:
                result.Add(value.Length <= part.Length!.Value ? value : value[..part.Length.Value]);
                break;
            case KeyFunctions.Suffix:
                result.Add(value.Length <= part.Length!.Value ? value : value[^part.Length.Value..]);
                break;
            case KeyFunctions.FirstToken when tokens.Length > 0:
                result.Add(tokens[0]);
                break;
            case KeyFunctions.LastToken when tokens.Length > 0:
                result.Add(tokens[^1]);
                break;
            case KeyFunctions.EachToken:
                result.AddRange(record.SortedTokens[field]!);
                break;
            case KeyFunctions.SortedTokens:
                result.Add(string.Join(' ', record.SortedTokens[field]!));
                break;
            case KeyFunctions.Phonetic:
                var codes = tokens.Select(t => Phonetic.Code(t)).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
                if (codes.Length > 0)
                {
                    result.Add(string.Join(' ', codes));
                }

                break;
            case KeyFunctions.PhoneticFirstToken when tokens.Length > 0:
                var code = Phonetic.Code(tokens[0]);
                if (code.Length > 0)
                {
                    result.Add(code);
                }

                break;
            case KeyFunctions.Year when value.Length >= 4:
                result.Add(value[..4]);
                break;
            case KeyFunctions.MonthDay when value.Length == 8:
                result.Add(value[4..]);
                break;
            case KeyFunctions.Exact:
                result.Add(value);
                break;
            default:
                break;
        }

        result.RemoveAll(string.IsNullOrEmpty);
        return result;
    }

    // Deterministic on every machine and run: FNV-1a over the UTF-16 code units, not string.GetHashCode.
    private static string Bound(string key)
    {
        if (key.Length <= MaxKeyLength)
        {
            return key;
        }

        var hash = 14695981039346656037UL;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var builder = new StringBuilder(MaxKeyLength);
        builder.Append(key, 0, MaxKeyLength - 17).Append('#').Append(hash.ToString("x16", CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
