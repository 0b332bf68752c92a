using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The connectors and runs pages against the real hub's scheduler API: every connector listed with its state, pause
/// and resume changing what the hub holds, run-now queuing a real run that the page links to, and the run list and
/// a run's detail showing the API's counts. In both languages, at desktop and phone width.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class OperationsTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Theory]
    [InlineData("en", 1280)]
    [InlineData("id", 390)]
    public async Task Connectors_PauseResumeAndRunNow_ChangeTheHub_AndRunsShowTheirCounts(string language, int width)
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.SignInAsync();

        // Connectors: one row per connector the API lists, with its state.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.connectors"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("connectors.title"));
        var connectors = (await hub.Http.GetFromJsonAsync<JsonArray>("/api/v1/connectors"))!;
        Assert.NotEmpty(connectors);
        var rows = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("connectors.caption") }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(connectors.Count);
        foreach (var c in connectors)
        {
            await Assertions.Expect(rows.Filter(new() { Has = page.Locator("th", new() { HasTextString = (string)c!["name"]! }) }))
                .ToContainTextAsync(browser.Text($"connectors.state.{(string)c["status"]!}"));
        }

        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("30-connectors");

        // Pause, then resume, the first connector: the hub holds each change and the row shows it.
        var name = (string)connectors[0]!["name"]!;
        var row = rows.Filter(new() { Has = page.Locator("th", new() { HasTextString = name }) });
        await row.GetByRole(AriaRole.Button, new() { Name = browser.Text("connectors.pause"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("connectors.paused", ("name", name)) })).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync(browser.Text("connectors.state.paused"));
        Assert.True((bool)(await ConnectorAsync(name))["paused"]!);
        await row.GetByRole(AriaRole.Button, new() { Name = browser.Text("connectors.resume"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("connectors.resumed", ("name", name)) })).ToBeVisibleAsync();
        Assert.False((bool)(await ConnectorAsync(name))["paused"]!);

        // Run now: a real run is queued; the confirmation links to it, and its page shows the hub's figures.
        await row.GetByRole(AriaRole.Button, new() { Name = browser.Text("connectors.runNow"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("connectors.queued", ("name", name)) })).ToBeVisibleAsync();
        var runId = (await page.Locator("#queued-run").GetAttributeAsync("href"))!.Split('/')[^1];
        var queued = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{runId}"))!;
        Assert.Equal(name, (string?)queued["connector"]);
        await WaitForRunToEndAsync(runId);
        await page.Locator("#queued-run").ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("run.title", ("id", runId)));
        var run = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{runId}"))!;
        var read = page.Locator(".counts div").Filter(new() { Has = page.GetByText(browser.Text("run.read"), new() { Exact = true }) }).Locator("dd");
        Assert.Equal(((long)run["counts"]!["read"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), ConsoleBrowser.Digits(await read.InnerTextAsync()));
        await Assertions.Expect(page.Locator(".facts").First).ToContainTextAsync(browser.Text($"run.status.{(string)run["status"]!}"));
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("31-run");

        // Runs: the list as the API has it, each linked to its detail.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.runs"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("runs.title"));
        var runs = (await hub.Http.GetFromJsonAsync<JsonArray>("/api/v1/runs?limit=50"))!;
        var runRows = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("runs.caption") }).Locator("tbody tr");
        await Assertions.Expect(runRows).ToHaveCountAsync(runs.Count);
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = browser.Text("runs.openLabel", ("id", runId)) })).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("32-runs");
        browser.AssertCleanRun();
    }

    private async Task<JsonObject> ConnectorAsync(string name) =>
        (await hub.Http.GetFromJsonAsync<JsonArray>("/api/v1/connectors"))!.Select(c => c!.AsObject()).Single(c => (string?)c["name"] == name);

    // The hub runs queued runs itself; wait (bounded) so that no run of this test is still going when the next test reads runs.
    private async Task WaitForRunToEndAsync(string runId)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var status = (string?)(await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/runs/{runId}"))!["status"];
            if (status is not ("queued" or "running"))
            {
                return;
            }

            await Task.Delay(500);
        }
    }
}
