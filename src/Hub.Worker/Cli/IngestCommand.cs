using System.CommandLine;
using System.Globalization;
using IntegrationHub.Worker.Configuration;
using IntegrationHub.Worker.Ingest;
using Spectre.Console;

namespace IntegrationHub.Worker.Cli;

internal static class IngestCommand
{
    public static Command Create(CommandContext context)
    {
        var source = new Option<string>("--source", "-s")
        {
            Description = "The configured source the files come from (built in: dukcapil).",
            Required = true,
        };
        var files = new Argument<FileSystemInfo[]>("files")
        {
            HelpName = "FILE",
            Description = "Files to ingest, or directories whose files match the source's pattern. None: read the source as configured (drop directory), from where the last run stopped.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("ingest", "Read agency files, map them to the canonical person and upsert the master index by NIK.")
        {
            source,
            files,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
            await RunAsync(context, parse.GetRequiredValue(source), parse.GetRequiredValue(files), ct));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string sourceName, FileSystemInfo[] inputs, CancellationToken ct)
    {
        var sources = context.Configuration.GetSources();
        if (!sources.TryGetValue(sourceName, out var source))
        {
            await context.Error.WriteLineAsync($"Unknown source '{sourceName}'. Configured: {string.Join(", ", sources.Keys.Order(StringComparer.Ordinal))}.");
            return HubCommandLine.BadInput;
        }

        var paths = new List<string>();
        foreach (var input in inputs)
        {
            if (input is DirectoryInfo dir && dir.Exists)
            {
                paths.AddRange(dir.GetFiles(source.Csv.Pattern).Select(f => f.FullName).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(input.FullName))
            {
                paths.Add(input.FullName);
            }
            else
            {
                await context.Error.WriteLineAsync($"File not found: {input}");
                return HubCommandLine.BadInput;
            }
        }

        await using var ingest = await AuditedIngest.OpenAsync(context, ct);
        if (ingest is null)
        {
            return HubCommandLine.BadInput;
        }

        var (database, logger, service) = (ingest.Database, ingest.Logger, ingest.Service);
        var exit = HubCommandLine.Ok;
        var scheduler = Scheduling.SchedulerOptions.FromConfiguration(context.Configuration);
        // One run per named file, so each file's counts and quarantine are reported on their own; with no file,
        // one run over the configured source. Each run holds the connector's lease, as a scheduled run does.
        var work = paths.Count == 0
            ? [(sourceName, (string?)null, (Func<Guid, IProgress<IngestProgress>?, Task<IngestSummary>>)((run, p) => service.IngestSourceAsync(sourceName, source, run, p, ct)))]
            : paths.Select(path => (Path.GetFileName(path), (string?)Path.GetFileName(path), (Func<Guid, IProgress<IngestProgress>?, Task<IngestSummary>>)((run, p) => service.IngestFilesAsync(sourceName, source, [path], run, p, ct)))).ToList();
        foreach (var (label, location, run) in work)
        {
            var (lease, busy) = await ManualRunLease.TryTakeAsync(database, sourceName, location, scheduler, TimeProvider.System, ct);
            if (lease is null)
            {
                await context.Error.WriteLineAsync(busy);
                return HubCommandLine.BadInput;
            }

            await using var held = lease;
            using var runScope = Logging.RunLogScope.Begin(logger, lease.RunId, sourceName);
            try
            {
                var summary = await WithProgressAsync(context, label, p => run(lease.RunId, p));
                Print(context.Out, summary);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The ingest records its own failures; this covers what fails before it reads.
                await lease.FailAsync(ex.GetType().Name + ": " + ex.Message);
                if (ex is IngestInputException input)
                {
                    await context.Error.WriteLineAsync($"{label}: {input.Message}");
                    exit = HubCommandLine.BadInput;
                }
                else if (ex is Connectors.Contract.ConnectorException { IsTransient: true } connector)
                {
                    await context.Error.WriteLineAsync($"{label}: the source failed after retries ({connector.Message}); what was committed stays, and the next run resumes from there.");
                    exit = HubCommandLine.Failed;
                }
                else
                {
                    throw;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                await lease.CancelledAsync();
                await context.Error.WriteLineAsync("Cancelled; the batches committed so far stay committed.");
                return HubCommandLine.Cancelled;
            }
        }

        return exit;
    }

    // A live bar on an interactive terminal (on stderr, so stdout stays the result); nothing otherwise.
    private static async Task<IngestSummary> WithProgressAsync(CommandContext context, string label, Func<IProgress<IngestProgress>?, Task<IngestSummary>> work)
    {
        if (!ReferenceEquals(context.Error, Console.Error) || Console.IsErrorRedirected)
        {
            return await work(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IngestSummary? summary = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(label), maxValue: 1);
                var progress = new Progress<IngestProgress>(p =>
                {
                    task.IsIndeterminate = p.Fraction is null;
                    task.Value = p.Fraction ?? 0;
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{p.Current ?? label}: {p.Counts.Read:N0} records"));
                });
                summary = await work(progress);
                task.Value = task.MaxValue;
            });
        return summary!;
    }

    internal static void Print(TextWriter output, IngestSummary summary)
    {
        var c = summary.Counts;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ingest {summary.Source} {summary.Location} run {summary.RunId} ({summary.Elapsed.TotalSeconds:0.00} s)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read {c.Read}, accepted {c.Accepted}, unchanged {c.Unchanged}, quarantined {c.Quarantined}"));
        if (summary.AlreadyQuarantined > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"({summary.AlreadyQuarantined} of the unchanged rows were quarantined by an earlier run and are still open)"));
        }

        if (summary.Quarantined.Count == 0)
        {
            return;
        }

        output.WriteLine("quarantined:");
        foreach (var row in summary.Quarantined)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  line {row.Line,6}  {row.Reason,-22} {row.Field ?? "-",-12} {row.Message}"));
        }
    }
}
