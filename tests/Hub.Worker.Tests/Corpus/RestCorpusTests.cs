using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using IntegrationHub.Connectors.Tests.Rest;
using Microsoft.AspNetCore.Http;
using static IntegrationHub.Worker.Tests.Corpus.CorpusHarness;

namespace IntegrationHub.Worker.Tests.Corpus;

/// <summary>
/// The malformed-input corpus for a BPJS-style REST/JSON source: a real Kestrel server on 127.0.0.1 serves one page,
/// and <c>hub ingest --source bpjs</c> reads it through the configured rest-json transport and mappings/bpjs.json.
/// A record's "line" is its offset in the feed (from 0).
/// </summary>
public sealed class RestCorpusTests : CorpusTestBase
{
    private static JsonObject Peserta(int sequence) => new()
    {
        ["noKartu"] = string.Create(CultureInfo.InvariantCulture, $"000100044{sequence:D4}"),
        ["nik"] = Nik(sequence),
        ["nama"] = "BUDI SANTOSO",
        ["sex"] = "L",
        ["tglLahir"] = "1990-05-12",
        ["jenisPeserta"] = new JsonObject { ["kode"] = "21", ["keterangan"] = "PBPU" },
        ["statusPeserta"] = new JsonObject { ["kode"] = "0", ["keterangan"] = "AKTIF" },
        ["noTelepon"] = "085141048291",
        ["alamat"] = "JL. A NO. 1",
        ["lastUpdate"] = "2026-05-05 00:15:37",
    };

    private static string Page(params JsonNode[] records) => new JsonArray(records).ToJsonString();

    private async Task<IngestOutcome> IngestAsync(string body, string contentType = "application/json")
    {
        var dir = NewCaseDirectory("rest");
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = contentType;
            var first = context.Request.Query["page"] is var page && (page.Count == 0 || page[0] == "1");
            return context.Response.WriteAsync(first ? body : "[]", context.RequestAborted);
        });
        var settings = new Dictionary<string, string?>
        {
            ["Hub:Sources:bpjs:Kind"] = "rest-json",
            ["Hub:Sources:bpjs:Rest:BaseAddress"] = server.BaseAddress.ToString(),
            ["Hub:Sources:bpjs:Rest:Path"] = "/peserta",
            ["Hub:Sources:bpjs:Rest:PageSize"] = "100",
            ["Hub:Sources:bpjs:Rest:KeyField"] = "noKartu",
            ["Hub:Sources:bpjs:Rest:MaxRetryAttempts"] = "0",
            ["Hub:Sources:bpjs:Rest:CircuitBreakerFailures"] = "0",
        };
        return await RunAsync(CreateConfiguration(Path.Combine(dir, "data"), settings), "ingest", "--source", "bpjs");
    }

    private static void AssertOutcome(IngestOutcome outcome, long read, params Quarantine[] quarantined)
    {
        outcome.AssertCompleted();
        Assert.Equal(read, outcome.Read);
        Assert.Equal(0, outcome.Unchanged);
        Assert.True(read - quarantined.Length == outcome.Accepted, outcome.Out);
        Assert.True(quarantined.SequenceEqual(outcome.Rows), $"expected [{string.Join(", ", (object[])quarantined)}]; stdout: {outcome.Out}");
    }

    [Fact]
    public async Task Rest_PageThatIsNotJson_FailsTheRunSayingSo()
    {
        var outcome = await IngestAsync("<html><body>502 Bad Gateway</body></html>", "text/html");

        Assert.True(outcome.Exit == 1, $"exit {outcome.Exit}; stderr: {outcome.Error}; stdout: {outcome.Out}");
        Assert.Contains("not valid JSON", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("the next run resumes from there", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_RecordThatIsAnArray_IsQuarantinedAndTheOthersAccepted()
    {
        var outcome = await IngestAsync(Page(Peserta(1), new JsonArray("0001000440003", "BUDI"), Peserta(2)));

        AssertOutcome(outcome, 3, new Quarantine(1, "json.NotAnObject", "-"));
    }

    [Fact]
    public async Task Rest_RecordThatIsAString_IsQuarantined()
    {
        var outcome = await IngestAsync(Page(Peserta(1), JsonValue.Create("BUDI SANTOSO")!, Peserta(2)));

        AssertOutcome(outcome, 3, new Quarantine(1, "json.NotAnObject", "-"));
    }

    [Fact]
    public async Task Rest_NumberWhereADateIsExpected_IsQuarantinedAsDateInvalid()
    {
        var bad = Peserta(3);
        bad["tglLahir"] = 19900512;

        var outcome = await IngestAsync(Page(Peserta(1), bad, Peserta(2)));

        AssertOutcome(outcome, 3, new Quarantine(1, "date.Invalid", "tglLahir"));
    }

    [Fact]
    public async Task Rest_NumberWhereANameIsExpected_IsAcceptedAsItsText()
    {
        var bad = Peserta(3);
        bad["nama"] = 12345;

        var outcome = await IngestAsync(Page(Peserta(1), bad, Peserta(2)));

        AssertOutcome(outcome, 3);
    }

    [Fact]
    public async Task Rest_NestedObjectWhereARequiredStringIsExpected_IsQuarantinedAsSchemaRequired()
    {
        var bad = Peserta(3);
        bad["nama"] = new JsonObject { ["depan"] = "BUDI", ["belakang"] = "SANTOSO" };

        var outcome = await IngestAsync(Page(Peserta(1), bad, Peserta(2)));

        AssertOutcome(outcome, 3, new Quarantine(1, "schema.required", "nama"));
    }

    [Fact]
    public async Task Rest_MistypedNikAsAJsonNumberInScientificNotation_IsDroppedAndTheRecordKeptUnlinked()
    {
        var bad = Peserta(3);
        bad["nik"] = JsonNode.Parse("3.201011205900003E15");

        var outcome = await IngestAsync(Page(Peserta(1), bad, Peserta(2)));

        // BPJS NIKs are evidence, not keys: the mapping drops a malformed one and keeps the record, without a person.
        AssertOutcome(outcome, 3);
    }

    [Fact]
    public async Task Rest_PageOfAnObjectInsteadOfAnArray_ExitsTwoSayingWhereTheRecordsShouldBe()
    {
        var outcome = await IngestAsync(JsonSerializer.Serialize(new { error = "maintenance" }));

        // Configuration or API contract to fix, not a transient failure.
        Assert.True(outcome.Exit == 2, $"exit {outcome.Exit}; stderr: {outcome.Error}; stdout: {outcome.Out}");
        Assert.Contains("did not return a JSON array", outcome.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", outcome.Error, StringComparison.Ordinal);
    }
}
