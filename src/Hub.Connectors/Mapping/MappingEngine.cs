using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using IntegrationHub.Connectors.Contract;
using IntegrationHub.Core.Canonical;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.Ingest;
using IntegrationHub.Core.Names;
using IntegrationHub.Core.Regions;

namespace IntegrationHub.Connectors.Mapping;

/// <summary>A mapping definition that does not make sense; the message names the rule and what is wrong.</summary>
public sealed class MappingDefinitionException(string message) : Exception(message);

/// <summary>What a mapping made of one row: a canonical record with its source key, or a quarantined row.</summary>
public readonly record struct MappingResult(string? SourceKey, CanonicalRecord? Record, QuarantinedRow? Quarantined);

/// <summary>
/// A mapping compiled once into steps, then applied to every row: no reflection or parsing of the definition on
/// the hot path. A rule that cannot produce a valid value quarantines the row with a reason naming the rule
/// (<c>mapping.date</c>, <c>mapping.code</c>, ...). Messages never quote the value, which may be personal data;
/// the raw row is kept with the quarantine entry instead.
/// </summary>
public sealed class CompiledMapping
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private readonly CompiledRule[] _rules;
    private readonly Func<CanonicalRecord, CheckFailure?>[] _checks;

    private CompiledMapping(MappingDefinition definition, CompiledRule[] rules, Func<CanonicalRecord, CheckFailure?>[] checks)
    {
        Definition = definition;
        _rules = rules;
        _checks = checks;
    }

    private string? SourceFieldOf(CanonicalField target) => _rules.FirstOrDefault(r => r.Target == target)?.SourceField;

    /// <summary>The definition this was compiled from.</summary>
    public MappingDefinition Definition { get; }

    /// <summary>Every source field the mapping reads (key, rules and conditions), in first-use order.</summary>
    public IReadOnlyList<string> SourceFields
    {
        get
        {
            var fields = new List<string> { Definition.KeyField };
            foreach (var rule in Definition.Rules)
            {
                fields.AddRange(rule.Concat ?? (rule.From is null ? [] : [rule.From]));
                if (rule.When is { } when)
                {
                    fields.Add(when.Field);
                }
            }

            return fields.Distinct(StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Reads and compiles a mapping file.</summary>
    public static CompiledMapping Load(string path, TimeProvider? time = null)
    {
        MappingDefinition? definition;
        try
        {
            definition = JsonSerializer.Deserialize<MappingDefinition>(File.ReadAllText(path), s_json);
        }
        catch (JsonException ex)
        {
            throw new MappingDefinitionException($"{Path.GetFileName(path)} is not a valid mapping: {ex.Message}");
        }

        return Compile(definition ?? throw new MappingDefinitionException($"{Path.GetFileName(path)} is empty."), time);
    }

    /// <summary>Checks a definition and compiles it. Throws <see cref="MappingDefinitionException"/> listing every problem.</summary>
    public static CompiledMapping Compile(MappingDefinition definition, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        ArgumentNullException.ThrowIfNull(definition);
        var problems = new List<string>();
        var rules = new List<CompiledRule>();
        foreach (var rule in definition.Rules)
        {
            var name = rule.Name ?? $"{rule.From ?? (rule.Concat is null ? "constant" : string.Join('+', rule.Concat))} -> {rule.Target}";
            var target = CanonicalFields.Find(rule.Target);
            if (target is null)
            {
                problems.Add($"Rule '{name}': target '{rule.Target}' is not a canonical field.");
                continue;
            }

            var sources = (rule.From is null ? 0 : 1) + (rule.Concat is null ? 0 : 1) + (rule.Constant is null ? 0 : 1);
            if (sources != 1)
            {
                problems.Add($"Rule '{name}': give exactly one of from, concat or constant.");
                continue;
            }

            if (rule.OnError is not ("quarantine" or "drop"))
            {
                problems.Add($"Rule '{name}': onError must be quarantine or drop.");
            }

            var steps = new List<Step>();
            foreach (var transform in rule.Transforms)
            {
                if (CompileTransform(transform, name, problems) is { } step)
                {
                    steps.Add(step);
                }
            }

            rules.Add(new CompiledRule(name, target, rule, steps.ToArray()));
        }

        var checks = new List<Func<CanonicalRecord, CheckFailure?>>();
        foreach (var check in definition.Checks)
        {
            switch (check)
            {
                case "nik-agrees":
                    checks.Add(NikAgrees);
                    break;
                case "birth-plausible":
                    // Before 1880 nobody alive was born; such a year is a typo (0001, 1099) that would pass every other check.
                    checks.Add(r => DateOf(r, CanonicalFields.BirthDate) is { } born && born < new DateOnly(1880, 1, 1)
                        ? new CheckFailure("date.Invalid", CanonicalFields.BirthDate, "The birth date is before 1880.")
                        : null);
                    goto case "birth-not-future";
                case "birth-not-future":
                    checks.Add(r => DateOf(r, CanonicalFields.BirthDate) is { } birth && birth > DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)
                        ? new CheckFailure("date.Future", CanonicalFields.BirthDate, "The birth date is in the future.")
                        : null);
                    break;
                case "death-after-birth":
                    checks.Add(r => DateOf(r, CanonicalFields.DateOfDeath) is { } death && DateOf(r, CanonicalFields.BirthDate) is { } birth && death < birth
                        ? new CheckFailure("date.Invalid", CanonicalFields.DateOfDeath, "The date of death is before the birth date.")
                        : null);
                    break;
                default:
                    problems.Add($"Check '{check}' is unknown; known: nik-agrees, birth-not-future, birth-plausible, death-after-birth.");
                    break;
            }
        }

        if (problems.Count > 0)
        {
            throw new MappingDefinitionException(string.Join(Environment.NewLine, problems));
        }

        return new CompiledMapping(definition, rules.ToArray(), checks.ToArray());
    }

    /// <summary>Maps one row.</summary>
    public MappingResult Map(SourceRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = Get(row, Definition.KeyField)?.Trim();
        QuarantinedRow Refuse(string reason, string? field, string message) =>
            new(Definition.Source, row.Location, row.Offset, reason, field, message, row.Raw);

        if (string.IsNullOrEmpty(key))
        {
            return new MappingResult(null, null, Refuse("field.Required", Definition.KeyField, $"The key field {Definition.KeyField} is empty."));
        }

        var builder = CanonicalRecord.CreateBuilder();
        var produced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in _rules)
        {
            if (rule.Rule.When is { } when && !Holds(when, row))
            {
                continue;
            }

            var value = rule.Rule.Constant ?? (rule.Rule.Concat is { } parts ? Concat(row, rule.Rule, parts) : Get(row, rule.Rule.From!));
            foreach (var step in rule.Steps)
            {
                if (string.IsNullOrWhiteSpace(value))
                {
                    value = null;
                    break;
                }

                var outcome = step.Apply(value);
                if (!outcome.Ok && rule.DropOnError)
                {
                    value = null;
                    break;
                }

                if (!outcome.Ok)
                {
                    return new MappingResult(key, null, Refuse(outcome.Reason ?? "mapping." + step.Op, rule.SourceField, $"Rule '{rule.Name}' ({step.Op}): {outcome.Error}"));
                }

                value = outcome.Value;
            }

            if (!string.IsNullOrWhiteSpace(value))
            {
                builder.Set(rule.Target, value, $"{Definition.Source} v{Definition.Version.ToString(CultureInfo.InvariantCulture)}: {rule.Name}");
                produced.Add(rule.Target.Path);
            }
        }

        foreach (var rule in _rules)
        {
            if (rule.Rule.Required && !produced.Contains(rule.Target.Path))
            {
                return new MappingResult(key, null, Refuse("field.Required", rule.SourceField, $"Rule '{rule.Name}' gave no value for required field {rule.Target.Path}."));
            }
        }

        var record = builder.Build();
        foreach (var check in _checks)
        {
            if (check(record) is { } failure)
            {
                return new MappingResult(key, null, Refuse(failure.Reason, SourceFieldOf(failure.Target), failure.Message));
            }
        }

        return new MappingResult(key, record, null);
    }

    // Parts are padded before joining, so NO_PROP "32" + NO_KAB "1" gives "3201"; with padding, a missing part
    // makes the whole value missing rather than a shorter, wrong code.
    private static string? Concat(SourceRow row, MappingRule rule, IReadOnlyList<string> parts)
    {
        var values = new List<string>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var value = Get(row, parts[i])?.Trim();
            var width = rule.PadParts is { } pads && i < pads.Count ? pads[i] : 0;
            if (string.IsNullOrEmpty(value))
            {
                if (width > 0)
                {
                    return null;
                }

                continue;
            }

            values.Add(width > 0 && value.Length < width ? value.PadLeft(width, '0') : value);
        }

        return string.Join(rule.Separator, values);
    }

    private static string? Get(SourceRow row, string field) =>
        row.Fields.TryGetValue(field, out var value) ? value : null;

    private static bool Holds(MappingCondition condition, SourceRow row)
    {
        var value = Get(row, condition.Field)?.Trim();
        if (condition.Present is { } present && present == string.IsNullOrEmpty(value))
        {
            return false;
        }

        return condition.In is null || condition.In.Any(v => string.Equals(v.Trim(), value, StringComparison.OrdinalIgnoreCase));
    }

    private static Step? CompileTransform(MappingTransform t, string rule, List<string> problems)
    {
        Step? Problem(string text)
        {
            problems.Add($"Rule '{rule}', transform {t.Op}: {text}");
            return null;
        }

        switch (t.Op)
        {
            case "trim":
                return new Step(t.Op, v => StepResult.Of(v.Trim()));
            case "collapse":
                return new Step(t.Op, v => StepResult.Of(string.Join(' ', v.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));
            case "upper":
                return new Step(t.Op, v => StepResult.Of(v.ToUpperInvariant()));
            case "lower":
                return new Step(t.Op, v => StepResult.Of(v.ToLowerInvariant()));
            case "title":
                return new Step(t.Op, v => StepResult.Of(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(v.ToLowerInvariant())));
            case "digits":
                return new Step(t.Op, v => StepResult.Of(new string(v.Where(char.IsAsciiDigit).ToArray())));
            case "name-normalise":
                return new Step(t.Op, v => StepResult.Of(IndonesianNameNormaliser.Normalise(v).Normalised));
            case "nik":
                return new Step(t.Op, v =>
                {
                    var nik = Nik.Parse(v);
                    return nik.Success ? StepResult.Of(nik.Value.Value) : StepResult.Fail(nik.Message!, "nik." + nik.Error);
                });
            case "npwp16":
                return new Step(t.Op, NormaliseNpwp);
            case "region-name":
                return new Step(t.Op, v => StepResult.Of(RegionCatalog.Default.Find(v.Trim())?.Name));
            case "date":
            case "datetime":
            {
                if (t.Formats is not { Count: > 0 } formats)
                {
                    return Problem("needs formats.");
                }

                var array = formats.ToArray();
                if (t.Op == "date")
                {
                    return new Step(t.Op, v => DateOnly.TryParseExact(v.Trim(), array, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                        ? StepResult.Of(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                        : StepResult.Fail($"not a date in the form {string.Join(" or ", array)}.", "date.Invalid"));
                }

                if (!TimeSpan.TryParse((t.Offset ?? "+07:00").TrimStart('+'), CultureInfo.InvariantCulture, out var offset))
                {
                    return Problem("offset must look like +07:00.");
                }

                return new Step(t.Op, v => DateTime.TryParseExact(v.Trim(), array, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dt)
                    ? StepResult.Of(new DateTimeOffset(dt, offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture))
                    : StepResult.Fail($"not a time in the form {string.Join(" or ", array)}.", "date.Invalid"));
            }

            case "code":
            {
                if (t.Table is not { Count: > 0 } table)
                {
                    return Problem("needs a table.");
                }

                var lookup = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (var (k, v) in table)
                {
                    lookup[k.Trim()] = v;
                }

                var fallback = t.Default;
                return new Step(t.Op, v => lookup.TryGetValue(v.Trim(), out var mapped)
                    ? StepResult.Of(mapped)
                    : fallback is not null ? StepResult.Of(fallback) : StepResult.Fail("value is not in the code table.", "code.Unknown"));
            }

            case "regex":
            {
                if (string.IsNullOrEmpty(t.Pattern))
                {
                    return Problem("needs a pattern.");
                }

                Regex regex;
                try
                {
                    // A timeout bounds the cost of a pathological pattern against hostile input.
                    regex = new Regex(t.Pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    return Problem("pattern is not a valid regular expression: " + ex.Message);
                }

                var group = t.Group;
                return new Step(t.Op, v =>
                {
                    try
                    {
                        var m = regex.Match(v);
                        return StepResult.Of(m.Success && m.Groups[group].Success ? m.Groups[group].Value : null);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return StepResult.Fail("the pattern took too long on this value.");
                    }
                });
            }

            case "match":
            {
                if (string.IsNullOrEmpty(t.Pattern))
                {
                    return Problem("needs a pattern.");
                }

                Regex whole;
                try
                {
                    whole = new Regex("^(?:" + t.Pattern + ")$", RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException ex)
                {
                    return Problem("pattern is not a valid regular expression: " + ex.Message);
                }

                var reason = t.Reason ?? "mapping.match";
                return new Step(t.Op, v =>
                {
                    try
                    {
                        return whole.IsMatch(v) ? StepResult.Of(v) : StepResult.Fail("value does not have the expected form.", reason);
                    }
                    catch (RegexMatchTimeoutException)
                    {
                        return StepResult.Fail("the pattern took too long on this value.", reason);
                    }
                });
            }

            case "split":
            {
                if (string.IsNullOrEmpty(t.SeparatorText))
                {
                    return Problem("needs a separator.");
                }

                var separator = t.SeparatorText;
                var index = t.Index;
                return new Step(t.Op, v =>
                {
                    var parts = v.Split(separator);
                    return StepResult.Of(index < parts.Length ? parts[index].Trim() : null);
                });
            }

            case "pad":
            {
                if (t.Width <= 0)
                {
                    return Problem("needs a width above 0.");
                }

                var width = t.Width;
                return new Step(t.Op, v =>
                {
                    var s = v.Trim();
                    return s.Length <= width && s.All(char.IsAsciiDigit) ? StepResult.Of(s.PadLeft(width, '0')) : StepResult.Fail($"not a number of at most {width} digits.");
                });
            }

            default:
                return Problem("unknown transform.");
        }
    }

    // Legacy NPWPs have 15 digits (9 identity + 3 check/office + 3 branch); the 16-digit form used since 2024
    // prefixes a 0. A 16-digit value is kept as it is (for residents it is the NIK).
    private static StepResult NormaliseNpwp(string value)
    {
        var digits = new StringBuilder(16);
        foreach (var c in value)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not ('.' or '-' or ' '))
            {
                return StepResult.Fail("NPWP contains characters other than digits, dots and dashes.", "npwp.Invalid");
            }
        }

        return digits.Length switch
        {
            15 => StepResult.Of("0" + digits),
            16 => StepResult.Of(digits.ToString()),
            _ => StepResult.Fail("NPWP has neither 15 nor 16 digits.", "npwp.Invalid"),
        };
    }

    private sealed record CompiledRule(string Name, CanonicalField Target, MappingRule Rule, Step[] Steps)
    {
        public bool DropOnError => string.Equals(Rule.OnError, "drop", StringComparison.Ordinal);

        public string? SourceField => Rule.From ?? (Rule.Concat is { } parts ? string.Join('+', parts) : null);
    }

    private sealed record Step(string Op, Func<string, StepResult> Apply);

    private sealed record CheckFailure(string Reason, CanonicalField Target, string Message);

    private static DateOnly? DateOf(CanonicalRecord record, CanonicalField field) =>
        record[field] is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    // Dukcapil issues the NIK, so in its own records a NIK that encodes another birth date or sex means the row is
    // wrong somewhere; the NIK cannot serve as a key for it (see DESIGN: evidence, not a key).
    private static CheckFailure? NikAgrees(CanonicalRecord record)
    {
        if (record[CanonicalFields.Nik] is not { } text || !Nik.TryParse(text, out var nik))
        {
            return null;
        }

        Sex? sex = record[CanonicalFields.Sex] switch { "male" => Sex.Male, "female" => Sex.Female, _ => null };
        var consistency = nik.AgreesWith(DateOf(record, CanonicalFields.BirthDate), sex);
        if (consistency.Agrees)
        {
            return null;
        }

        var what = consistency.BirthDateAgrees ? "sex" : consistency.SexAgrees ? "birth date" : "birth date and sex";
        return new CheckFailure("nik.ContradictsRecord", CanonicalFields.Nik, $"The NIK encodes a different {what} than the record states.");
    }

    private readonly record struct StepResult(bool Ok, string? Value, string? Error, string? Reason)
    {
        public static StepResult Of(string? value) => new(true, value, null, null);

        public static StepResult Fail(string error, string? reason = null) => new(false, null, error, reason);
    }
}
