using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Matching;
using IntegrationHub.Core.Matching.Evaluation;

namespace IntegrationHub.Worker.Cli;

/// <summary><c>hub evaluate</c>: deduplicates a labelled CSV with a model and reports pairwise quality; labels only score.</summary>
internal static class EvaluateCommand
{
    public static Command Create(CommandContext context)
    {
        var modelOption = new Option<FileInfo>("--model", "-m") { Description = "The match model (JSON) to evaluate.", Required = true }.AcceptExistingOnly();
        var csv = new Option<FileInfo>("--csv") { Description = "Labelled records: a CSV whose header names the model's fields and the truth column.", Required = true }.AcceptExistingOnly();
        var truthColumn = new Option<string>("--truth-column") { Description = "The column that identifies the true entity of each record.", Required = true };
        var truthPattern = new Option<string?>("--truth-pattern") { Description = "A regular expression applied to the truth column; its first group (or the whole match) is the entity, e.g. '^(rec-[0-9]+)' for FEBRL." };
        var sweep = new Option<bool>("--sweep") { Description = "Also print a table across link thresholds." };
        var delimiter = new Option<char>("--delimiter") { Description = "The CSV delimiter.", DefaultValueFactory = _ => ',' };
        var command = new Command("evaluate", "Deduplicate a labelled dataset with a model and print precision, recall, F1, false-merge rate and review-queue size at the model's thresholds.")
        {
            modelOption, csv, truthColumn, truthPattern, sweep, delimiter,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            MatchModel model;
            try
            {
                model = MatchModel.Load(parse.GetRequiredValue(modelOption).FullName);
            }
            catch (MatchModelException ex)
            {
                await context.Error.WriteLineAsync(ex.Message);
                return HubCommandLine.BadInput;
            }

            Regex? pattern = null;
            if (parse.GetValue(truthPattern) is { } text)
            {
                try
                {
                    pattern = new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
                }
                catch (ArgumentException ex)
                {
                    await context.Error.WriteLineAsync($"--truth-pattern is not a valid regular expression: {ex.Message}");
                    return HubCommandLine.BadInput;
                }
            }

            var file = parse.GetRequiredValue(csv);
            var dataset = MatchDataset.Load(file.FullName, parse.GetValue(delimiter), model, parse.GetRequiredValue(truthColumn), pattern, ct);
            if (dataset.Problem is { } problem)
            {
                await context.Error.WriteLineAsync(problem);
                return HubCommandLine.BadInput;
            }

            var report = await Task.Run(
                () =>
                {
                    var engine = new MatchEngine(model);
                    var prepared = dataset.Records.Select(engine.Prepare).ToArray();
                    return DeduplicationEvaluator.Evaluate(engine, prepared, dataset.Entities);
                },
                ct);
            foreach (var line in Format(model, file.Name, report, parse.GetValue(sweep)))
            {
                await context.Out.WriteLineAsync(line);
            }

            return HubCommandLine.Ok;
        });
        return command;
    }

    internal static IEnumerable<string> Format(MatchModel model, string file, DeduplicationReport report, bool sweep)
    {
        var c = CultureInfo.InvariantCulture;
        yield return string.Create(c, $"model {model.Id} {model.Version} on {file}: {report.Records} records, {report.TruePairs} true pairs, {report.CandidatePairs} candidate pairs (blocking recall {report.BlockingRecall:0.0000})");
        var at = report.AtModelThresholds;
        yield return string.Create(c, $"at link >= {at.LinkProbability:0.######}, review >= {at.ReviewProbability:0.######}:");
        yield return Line("clusters", at.Clusters);
        yield return Line("pairs", at.Pairs);
        if (sweep)
        {
            yield return string.Empty;
            yield return "| link >= | links | false links | precision | recall | F1 | false-merge rate | review queue | linked or reviewed |";
            yield return "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";
            foreach (var row in report.Sweep)
            {
                var m = row.Clusters;
                yield return string.Create(c, $"| {row.LinkProbability:0.######} | {m.Links} | {m.FalseLinks} | {m.Precision:0.0000} | {m.Recall:0.0000} | {m.F1:0.0000} | {m.FalseMergeRate:0.0000} | {m.ReviewQueueSize} | {m.LinkedOrReviewed:0.0000} |");
            }
        }
    }

    private static string Line(string what, PairwiseMetrics m) => string.Create(
        CultureInfo.InvariantCulture,
        $"  {what,-8} precision {m.Precision:0.0000}  recall {m.Recall:0.0000}  F1 {m.F1:0.0000}  false-merge rate {m.FalseMergeRate:0.0000}  links {m.Links} ({m.FalseLinks} false)  review queue {m.ReviewQueueSize} pairs ({m.TrueReviewPairs} true)  linked or reviewed {m.LinkedOrReviewed:0.0000}");
}
