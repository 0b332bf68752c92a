using System.CommandLine;
using System.Globalization;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub quarantine reprocess ID</c> and <c>hub quarantine reprocess --source S [--reason R] [--limit N]</c>: map
/// quarantined rows again with the mapping as it is on disk now (docs/runs.md). Audited with the actor <c>cli:&lt;user&gt;</c>.
/// </summary>
internal static class QuarantineCommand
{
    private static string Actor => "cli:" + Environment.UserName;

    public static Command Create(CommandContext context)
    {
        var id = new Argument<string?>("id") { Description = "The quarantined row's id (as the quarantine list or the console shows it).", Arity = ArgumentArity.ZeroOrOne };
        var source = new Option<string?>("--source", "-s") { Description = "Instead of one id: the open rows of this source." };
        var reason = new Option<string?>("--reason", "-r") { Description = "With --source: only rows with this reason code (e.g. code.Unknown)." };
        var limit = new Option<int>("--limit", "-n") { Description = $"With --source: at most this many rows, oldest first (1 to {IngestService.MaxBulkReprocess}).", DefaultValueFactory = _ => 50 };
        var reprocess = new Command("reprocess", "Map quarantined rows again with the current mapping; rows that pass go into the index in a run of their own.") { id, source, reason, limit };
        reprocess.SetAction(async (ParseResult parse, CancellationToken ct) =>
            await ReprocessAsync(context, parse.GetValue(id), parse.GetValue(source), parse.GetValue(reason), parse.GetValue(limit), ct));
        var listSource = new Option<string?>("--source", "-s") { Description = "Only rows of this source." };
        var listReason = new Option<string?>("--reason", "-r") { Description = "Only rows with this reason code." };
        var status = new Option<string>("--status") { Description = "open (default), resolved or all.", DefaultValueFactory = _ => "open" };
        var listLimit = new Option<int>("--limit", "-n") { Description = "At most this many rows, newest first.", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "List quarantined rows, newest first: id, source, file and line, reason, status.") { listSource, listReason, status, listLimit };
        list.SetAction(async (ParseResult parse, CancellationToken ct) =>
            await ListAsync(context, parse.GetValue(listSource), parse.GetValue(listReason), parse.GetValue(status)!, parse.GetValue(listLimit), ct));
        return new Command("quarantine", "Quarantined rows: list them, re-process them after a mapping fix.") { list, reprocess };
    }

    private static async Task<int> ListAsync(CommandContext context, string? source, string? reason, string status, int limit, CancellationToken ct)
    {
        if (status is not ("open" or "resolved" or "all"))
        {
            return await BadAsync(context, $"Unknown status '{status}'; use open, resolved or all.");
        }

        if (limit is < 1 or > 1000)
        {
            return await BadAsync(context, "--limit must be between 1 and 1000.");
        }

        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        await database.Migrator.MigrateAsync(ct);
        // The raw row is left out: it holds a NIK. The API and the console show it to engineers.
        foreach (var q in await database.Quarantine.ListAsync(source, reason, null, status == "all" ? null : status, limit, ct))
        {
            await context.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{q.Id,8}  {q.Source,-10} {q.Location}:{q.Line}  {q.Reason,-20} {q.Field ?? "-",-12} {q.Status}{(q.ResolvedRunId is { } run ? " run " + run : "")}"));
        }

        return HubCommandLine.Ok;
    }

    private static async Task<int> ReprocessAsync(CommandContext context, string? idText, string? source, string? reason, int limit, CancellationToken ct)
    {
        long? id = null;
        if (idText is not null)
        {
            if (!long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                return await BadAsync(context, $"'{idText}' is not a quarantined row's id; ids are whole numbers, as the quarantine list shows them.");
            }

            id = parsed;
        }

        if (id is null == string.IsNullOrWhiteSpace(source))
        {
            return await BadAsync(context, "Give either a quarantined row's id, or --source (with optionally --reason and --limit) for its open rows.");
        }

        if (id is not null && reason is not null)
        {
            return await BadAsync(context, "--reason goes with --source, not with an id.");
        }

        if (limit is < 1 or > IngestService.MaxBulkReprocess)
        {
            return await BadAsync(context, $"--limit must be between 1 and {IngestService.MaxBulkReprocess}.");
        }

        await using var ingest = await AuditedIngest.OpenAsync(context, ct);
        if (ingest is null)
        {
            return HubCommandLine.BadInput;
        }

        var service = ingest.Service;
        var sources = context.Configuration.GetSources();
        IReadOnlyList<ReprocessOutcome> outcomes;
        try
        {
            outcomes = id is { } one
                ? [await service.ReprocessAsync(one, sources, Actor, ct)]
                : await service.ReprocessManyAsync(source, reason, limit, sources, Actor, ct);
        }
        catch (IngestInputException ex)
        {
            return await BadAsync(context, ex.Message);
        }

        foreach (var o in outcomes)
        {
            await context.Out.WriteLineAsync(o.Status switch
            {
                ReprocessStatus.Resolved => $"row {o.QuarantineId}: resolved, run {o.RunId}",
                ReprocessStatus.StillFailing => $"row {o.QuarantineId}: still fails: {string.Join("; ", o.Reasons.Select(r => $"{r.Reason}{(r.Field is null ? "" : " (" + r.Field + ")")}: {r.Message}"))}",
                _ => $"row {o.QuarantineId}: {o.Code}: {o.Message}",
            });
        }

        if (id is not null)
        {
            // One row: its outcome is the exit code (0 resolved, 2 not found, already resolved or still failing).
            var status = outcomes[0].Status;
            if (status != ReprocessStatus.Resolved)
            {
                await context.Error.WriteLineAsync(outcomes[0].Message ?? $"row {id} still fails with the current mapping; fix the mapping and try again.");
            }

            return status == ReprocessStatus.Resolved ? HubCommandLine.Ok : HubCommandLine.BadInput;
        }

        var resolved = outcomes.Count(o => o.Status == ReprocessStatus.Resolved);
        await context.Out.WriteLineAsync($"re-processed {outcomes.Count}: resolved {resolved}, still failing {outcomes.Count(o => o.Status == ReprocessStatus.StillFailing)}");
        return HubCommandLine.Ok;
    }

    private static async Task<int> BadAsync(CommandContext context, string message)
    {
        await context.Error.WriteLineAsync(message);
        return HubCommandLine.BadInput;
    }
}
