using System.Globalization;
using System.Text.RegularExpressions;
using IntegrationHub.Core.Matching;

namespace IntegrationHub.Worker.Tests.Cli;

public sealed partial class MatchCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("hub-match-").FullName;

    private static string Febrl(string file) => Path.Combine(AppContext.BaseDirectory, "febrl", file);

    [GeneratedRegex(@"clusters precision (\d\.\d+)  recall (\d\.\d+)  F1 (\d\.\d+)  false-merge rate (\d\.\d+)")]
    private static partial Regex ClusterLine();

    private Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) =>
        HubRunner.OnSqlite(Path.Combine(_directory, "data")).RunAsync(args);

    [Fact]
    public async Task TrainThenEvaluate_FebrlDataset1_WritesAModelThatDeduplicatesIt()
    {
        var model = Path.Combine(_directory, "febrl1.json");

        var train = await RunAsync("train", "--config", Febrl("febrl.match.json"), "--csv", Febrl("dataset1.csv"), "--out", model, "--seed", "20251");
        Assert.True(train.Exit == 0, train.Error);
        Assert.Contains("trained on 1000 records, seed 20251", train.Out, StringComparison.Ordinal);
        Assert.StartsWith("febrl-1+trained.", MatchModel.Load(model).Version, StringComparison.Ordinal);

        var evaluate = await RunAsync("evaluate", "--model", model, "--csv", Febrl("dataset1.csv"), "--truth-column", "rec_id", "--truth-pattern", "^(rec-[0-9]+)", "--sweep");
        Assert.True(evaluate.Exit == 0, evaluate.Error);
        Assert.Contains("1000 records, 500 true pairs", evaluate.Out, StringComparison.Ordinal);
        var line = ClusterLine().Match(evaluate.Out);
        Assert.True(line.Success, evaluate.Out);
        Assert.True(double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) >= 0.998, evaluate.Out);
        Assert.True(double.Parse(line.Groups[3].Value, CultureInfo.InvariantCulture) >= 0.99, evaluate.Out);
        Assert.Contains("| link >= | links |", evaluate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_SameSeed_WritesTheSameModel()
    {
        var a = Path.Combine(_directory, "a.json");
        var b = Path.Combine(_directory, "b.json");

        Assert.Equal(0, (await RunAsync("train", "--config", Febrl("febrl.match.json"), "--csv", Febrl("dataset1.csv"), "--out", a, "--random-pairs", "20000")).Exit);
        Assert.Equal(0, (await RunAsync("train", "--config", Febrl("febrl.match.json"), "--csv", Febrl("dataset1.csv"), "--out", b, "--random-pairs", "20000")).Exit);

        Assert.Equal(await File.ReadAllTextAsync(a), await File.ReadAllTextAsync(b));
    }

    [Fact]
    public async Task Evaluate_ModelOfAnUnknownFormatVersion_ExitsTwoAndSaysWhy()
    {
        var model = Path.Combine(_directory, "future.json");
        await File.WriteAllTextAsync(model, "{ \"format\": \"integrationhub.match-model\", \"formatVersion\": 7 }");

        var (exit, _, error) = await RunAsync("evaluate", "--model", model, "--csv", Febrl("dataset1.csv"), "--truth-column", "rec_id");

        Assert.Equal(2, exit);
        Assert.Contains("format version 7 is not supported", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_CsvWithoutTheConfiguredColumns_ExitsTwoAndNamesThem()
    {
        var csv = Path.Combine(_directory, "other.csv");
        await File.WriteAllTextAsync(csv, "id, given_name\n1, anna\n2, bob\n");

        var (exit, _, error) = await RunAsync("train", "--config", Febrl("febrl.match.json"), "--csv", csv);

        Assert.Equal(2, exit);
        Assert.Contains("no column for the model's field(s) surname", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_FromAgencyExports_MapsThemToCanonicalFields()
    {
        var samples = Path.Combine(AppContext.BaseDirectory, "samples");
        var model = Path.Combine(_directory, "person.json");

        var (exit, output, error) = await RunAsync(
            "train", "--config", Path.Combine(AppContext.BaseDirectory, "models", "person.config.json"),
            "--agency", "dukcapil=" + Path.Combine(samples, "dukcapil", "biodata-sample.csv"),
            "--agency", "bpjs=" + Path.Combine(samples, "bpjs", "peserta.json"),
            "--out", model, "--random-pairs", "50000");

        Assert.True(exit == 0, error);
        var training = MatchModel.Load(model).Document.Training!;
        Assert.InRange(training.Records, 1000, 1200); // ~588 accepted Dukcapil rows and ~540 BPJS participants
        Assert.Contains(training.Rules, r => r.Rule == "nik" && r.Pairs > 400);
        Assert.Contains("rule word_dob", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
