using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Core.Identity;
using IntegrationHub.Core.MasterIndex;
using IntegrationHub.Worker.Reports;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub report lineage|access|access-summary</c>: the auditors' reports of <c>/api/v1/reports</c>, as JSON or CSV, to
/// stdout or a file. Reading a report is an access: it is recorded in the audit log under <c>--actor</c>.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("report", "Reports for auditors: a person's lineage, who accessed a person's data, per-client access summary.");
        command.Subcommands.Add(CreateLineage(context));
        command.Subcommands.Add(CreateAccess(context));
        command.Subcommands.Add(CreateSummary(context));
        return command;
    }

    private sealed class Common
    {
        public Option<string> Format { get; } = new("--format") { Description = "json (default) or csv.", DefaultValueFactory = _ => "json" };

        public Option<FileInfo?> Out { get; } = new("--out", "-o") { Description = "Write the report to this file instead of stdout.", HelpName = "FILE" };

        public Option<string> Actor { get; } = new("--actor") { Description = "Who reads the report (recorded in the audit log). Default: the operating-system user.", DefaultValueFactory = _ => Environment.UserName };

        public Option<string?> Purpose { get; } = new("--purpose") { Description = "Why (recorded in the audit log)." };

        public void AddTo(Command command)
        {
            command.Options.Add(Format);
            command.Options.Add(Out);
            command.Options.Add(Actor);
            command.Options.Add(Purpose);
        }
    }

    private static Command CreateLineage(CommandContext context)
    {
        var common = new Common();
        var nik = new Option<string?>("--nik") { Description = "The person's NIK." };
        var person = new Option<string?>("--person-id") { Description = "The person's id." };
        var command = new Command("lineage", "Every golden field of a person with its source, run, file/line, mapping and survivorship rule, plus the match decisions.") { nik, person };
        common.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(context, common, parse, async (reports, reader) =>
        {
            if (await Subject(context, parse.GetValue(nik), parse.GetValue(person)) is not { } subject)
            {
                return null;
            }

            var report = await reports.LineageAsync(subject, reader, ct);
            if (report is null)
            {
                await context.Error.WriteLineAsync("report: no person with that NIK or id is in the master index.");
            }

            return report is null ? null : (report, AuditReports.LineageCsv);
        }, ct));
        return command;
    }

    private static Command CreateAccess(CommandContext context)
    {
        var common = new Common();
        var nik = new Option<string?>("--nik") { Description = "The person's NIK." };
        var person = new Option<string?>("--person-id") { Description = "The person's id." };
        var from = new Option<string?>("--from") { Description = "From this time (ISO 8601), inclusive." };
        var to = new Option<string?>("--to") { Description = "Until this time (ISO 8601), exclusive." };
        var command = new Command("access", "Who accessed a person's data, when, for what purpose and which fields (a data subject's request).") { nik, person, from, to };
        common.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(context, common, parse, async (reports, reader) =>
        {
            if (await Subject(context, parse.GetValue(nik), parse.GetValue(person)) is not { } subject
                || await Time(context, "--from", parse.GetValue(from)) is not { } start
                || await Time(context, "--to", parse.GetValue(to)) is not { } end)
            {
                return null;
            }

            return (await reports.AccessAsync(subject, start.Value, end.Value, reader, ct), AuditReports.AccessCsv);
        }, ct));
        return command;
    }

    private static Command CreateSummary(CommandContext context)
    {
        var common = new Common();
        var client = new Option<string?>("--client") { Description = "One client only (default: every client)." };
        var from = new Option<string?>("--from") { Description = "From this time (ISO 8601), inclusive. Default: 30 days before --to." };
        var to = new Option<string?>("--to") { Description = "Until this time (ISO 8601), exclusive. Default: now." };
        var command = new Command("access-summary", "Per client: accesses by action and purpose with counts and distinct persons, over a period.") { client, from, to };
        common.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(context, common, parse, async (reports, reader) =>
        {
            if (await Time(context, "--from", parse.GetValue(from)) is not { } start || await Time(context, "--to", parse.GetValue(to)) is not { } end)
            {
                return null;
            }

            var until = end.Value ?? DateTimeOffset.UtcNow;
            var since = start.Value ?? until.AddDays(-30);
            if (since > until)
            {
                await context.Error.WriteLineAsync("report: --from must not be after --to.");
                return null;
            }

            return (await reports.AccessSummaryAsync(parse.GetValue(client), since, until, reader, ct), AuditReports.AccessSummaryCsv);
        }, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, Common common, ParseResult parse,
        Func<AuditReports, ReportReader, Task<(JsonObject Report, Func<JsonObject, string> ToCsv)?>> build, CancellationToken ct)
    {
        var format = parse.GetValue(common.Format);
        if (format is not ("json" or "csv"))
        {
            await context.Error.WriteLineAsync("report: --format must be json or csv.");
            return HubCommandLine.BadInput;
        }

        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        await database.Migrator.MigrateAsync(ct);
        if (AuditCommand.Open(context, database) is not { } audit)
        {
            return HubCommandLine.BadInput;
        }

        await using var store = audit.Store;
        using var keys = audit.Keys;
        var reports = new AuditReports(database, store, SurvivorshipPolicy.Default);
        var reader = new ReportReader(parse.GetValue(common.Actor) is { Length: > 0 } actor ? actor : "unknown", parse.GetValue(common.Purpose), "cli-" + Guid.NewGuid().ToString("N")[..12]);
        if (await build(reports, reader) is not { } result)
        {
            return HubCommandLine.BadInput;
        }

        var text = format == "csv" ? result.ToCsv(result.Report) : result.Report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + Environment.NewLine;
        if (parse.GetValue(common.Out) is { } file)
        {
            await File.WriteAllTextAsync(file.FullName, text, ct);
            context.Out.WriteLine($"wrote {file.FullName}");
        }
        else
        {
            await context.Out.WriteAsync(text);
        }

        return HubCommandLine.Ok;
    }

    private static async Task<ReportSubject?> Subject(CommandContext context, string? nik, string? personId)
    {
        if (string.IsNullOrWhiteSpace(nik) == string.IsNullOrWhiteSpace(personId))
        {
            await context.Error.WriteLineAsync("report: give exactly one of --nik and --person-id.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(nik))
        {
            var parsed = Nik.Parse(nik);
            if (!parsed.Success)
            {
                await context.Error.WriteLineAsync($"report: --nik is not a valid NIK (nik.{parsed.Error}): {parsed.Message}");
                return null;
            }

            return new ReportSubject(parsed.Value, null);
        }

        if (!Guid.TryParse(personId, CultureInfo.InvariantCulture, out var id))
        {
            await context.Error.WriteLineAsync("report: --person-id must be a person id (a GUID).");
            return null;
        }

        return new ReportSubject(null, id);
    }

    /// <summary>A time option: a box holding null when absent, null (after a message) when malformed.</summary>
    private static async Task<StrongBox<DateTimeOffset?>?> Time(CommandContext context, string option, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new StrongBox<DateTimeOffset?>(null);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return new StrongBox<DateTimeOffset?>(time);
        }

        await context.Error.WriteLineAsync($"report: {option} must be an ISO 8601 date or time (2026-11-01 or 2026-11-01T00:00:00Z).");
        return null;
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; } = value;
    }
}
