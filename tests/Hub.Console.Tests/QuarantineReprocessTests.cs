using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Re-processing a quarantined row in the browser against the real hub: a sample resident's row with a religion the
/// mapping does not know is quarantined by a real <c>hub ingest</c>; Re-process before the fix shows the reason it
/// still fails; the test then fixes the mapping file the hub is configured with, Re-process resolves the row with a
/// link to its run, and the person's lineage points at that run and at the fixed mapping rule.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class QuarantineReprocessTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task Reprocess_StillFailsBeforeTheMappingFix_ThenResolves_AndThePersonsLineagePointsAtTheNewRun()
    {
        var bad = await hub.EnsureReprocessRowAsync();
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.GotoAsync("/console/#/quarantine?reason=code.Unknown");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("quarantine.title"));
        var rows = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("quarantine.caption") }).Locator("tbody tr");
        var mine = rows.Filter(new() { HasText = $"{bad.File}:2" });
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await mine.Locator("summary").ClickAsync();
        await Assertions.Expect(mine.Locator("pre")).ToContainTextAsync(ConsoleHub.UnknownReligion);
        var reprocess = mine.GetByRole(AriaRole.Button, new() { Name = browser.Text("quarantine.reprocessLabel", ("id", bad.Id)) });

        // Before the fix: the row still fails, says why, and stays open.
        await reprocess.ClickAsync();
        var failed = mine.GetByRole(AriaRole.Alert);
        await Assertions.Expect(failed).ToContainTextAsync(browser.Text("quarantine.stillFailing"));
        await Assertions.Expect(failed).ToContainTextAsync("code.Unknown (AGAMA)");
        Assert.Equal("open", (string?)(await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/quarantine/{bad.Id}"))!["status"]);
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("41-quarantine-still-failing");

        // The engineer fixes the mapping file; the running hub uses it on the next click.
        await hub.FixDukcapilMappingAsync();
        await reprocess.ClickAsync();
        var done = mine.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("quarantine.resolved") });
        await Assertions.Expect(done).ToBeVisibleAsync();
        var row = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/quarantine/{bad.Id}"))!;
        Assert.Equal("resolved", (string?)row["status"]);
        Assert.Equal("admin", (string?)row["resolvedBy"]);
        var runId = (string)row["resolvedRunId"]!;
        await Assertions.Expect(done.GetByRole(AriaRole.Link)).ToHaveAttributeAsync("href", $"#/runs/{runId}");
        await Assertions.Expect(mine.Locator(".quarantine-state")).ToHaveTextAsync(browser.Text("quarantine.resolvedIn", ("id", runId[..8])));
        await Assertions.Expect(reprocess).ToHaveCountAsync(0);
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("42-quarantine-resolved");

        // The run it went in: a re-process run of one record.
        await done.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(browser.Heading).ToContainTextAsync(runId[..8]);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("reprocess");

        // The person's lineage: the religion now comes from that run, by the fixed mapping's rule.
        var person = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/persons/{bad.Nik}?purpose=admin-ops"))!;
        Assert.Equal("kepercayaan", (string?)person["religion"]);
        await page.GotoAsync($"/console/#/person/{(string)person["personId"]!}");
        var lineage = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.lineage") });
        var religion = lineage.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "religion" }) });
        await Assertions.Expect(religion).ToContainTextAsync("kepercayaan");
        await Assertions.Expect(religion).ToContainTextAsync("dukcapil v2: AGAMA -> religion");
        await Assertions.Expect(religion).ToContainTextAsync($"{bad.File}:2");
        await Assertions.Expect(religion.GetByRole(AriaRole.Link, new() { Name = browser.Text("runs.openLabel", ("id", runId)) })).ToHaveAttributeAsync("href", $"#/runs/{runId}");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("43-quarantine-reprocessed-person");

        // Resolved rows are listed under their own filter, never deleted.
        await page.GotoAsync("/console/#/quarantine");
        await page.GetByLabel(browser.Text("quarantine.statusFilter"), new() { Exact = true }).SelectOptionAsync("resolved");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("quarantine.apply") }).ClickAsync();
        await Assertions.Expect(page.Locator("#quarantine-count")).ToHaveTextAsync(browser.Text("quarantine.countAny", ("count", 1)));
        await Assertions.Expect(rows.Filter(new() { HasText = $"{bad.File}:2" })).ToHaveCountAsync(1);
        browser.AssertCleanRun();
    }
}
