using System.CommandLine;
using System.Globalization;
using IntegrationHub.Worker.Evaluation;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub evaluate-index --truth FILE</c>: scores the master index as it stands against a population's known truth
/// (the <c>truth.csv</c> that <c>hub generate population</c> writes), after its agency files were ingested.
/// </summary>
internal static class EvaluateIndexCommand
{
    public static Command Create(CommandContext context)
    {
        var truth = new Option<FileInfo>("--truth") { Description = "The truth file: agency,source_key,person_id per source record.", Required = true };
        var output = new Option<FileInfo?>("--out") { Description = "Also write the scores as Markdown to this file." };
        var command = new Command("evaluate-index", "Score the master index against a generated population's truth: precision, recall, F1, false merges, review queue.")
        {
            truth,
            output,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var truthFile = parse.GetValue(truth)!;
            if (!truthFile.Exists)
            {
                await context.Error.WriteLineAsync($"evaluate-index: the truth file {truthFile.Name} does not exist.");
                return HubCommandLine.BadInput;
            }

            await using var database = context.OpenDatabase();
            if (database is null)
            {
                return HubCommandLine.BadInput;
            }

            Dictionary<(string Source, string Key), string> known;
            try
            {
                known = PopulationEvaluation.ReadTruth(truthFile.FullName);
            }
            catch (InvalidDataException e)
            {
                await context.Error.WriteLineAsync("evaluate-index: " + e.Message);
                return HubCommandLine.BadInput;
            }

            var scores = await PopulationEvaluation.ScoreAsync(database.Identity, known, ct);
            var markdown = scores.ToMarkdown();
            await context.Out.WriteLineAsync(markdown);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, markdown + "\n", ct);
            }

            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{known.Count:N0} truth rows; {scores.Records:N0} of them in the index."));
            return HubCommandLine.Ok;
        });
        return command;
    }
}
