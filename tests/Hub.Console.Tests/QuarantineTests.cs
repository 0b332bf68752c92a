using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The quarantine page against the real hub: rows set aside by a real <c>hub ingest</c> of a crafted file (a NIK with
/// a letter, a NIK too short), listed as the API has them, filtered by reason code, each with its file and line and
/// the raw row on request.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class QuarantineTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Theory]
    [InlineData("en", 1280)]
    [InlineData("id", 390)]
    public async Task Quarantine_ListsTheHubsRows_FiltersByReason_AndShowsTheRawRow(string language, int width)
    {
        var bad = await hub.EnsureQuarantinedRowsAsync();
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.quarantine"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("quarantine.title"));
        var all = (await hub.Http.GetFromJsonAsync<JsonArray>("/api/v1/quarantine?limit=200"))!;
        var rows = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("quarantine.caption") }).Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(all.Count);
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();

        // A malformed reason is refused on the page, nothing is sent.
        var reason = page.GetByLabel(browser.Text("quarantine.reason"), new() { Exact = true });
        await reason.FillAsync("nik NonDigit!");
        await reason.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("quarantine.invalid"));
        await Assertions.Expect(reason).ToBeFocusedAsync();

        // Filter by the reason code: only those rows, as the API has them.
        await reason.FillAsync("nik.NonDigit");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("quarantine.apply") }).ClickAsync();
        var filtered = (await hub.Http.GetFromJsonAsync<JsonArray>("/api/v1/quarantine?limit=200&reason=nik.NonDigit"))!;
        Assert.NotEmpty(filtered);
        await Assertions.Expect(rows).ToHaveCountAsync(filtered.Count);
        foreach (var row in await rows.AllAsync())
        {
            await Assertions.Expect(row).ToContainTextAsync("nik.NonDigit");
        }

        // The crafted row: its file and line, and the raw row when asked.
        var mine = rows.Filter(new() { HasText = $"{bad.File}:2" });
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        var raw = mine.Locator("pre");
        await Assertions.Expect(raw).Not.ToBeVisibleAsync();
        await mine.Locator("summary").ClickAsync();
        await Assertions.Expect(raw).ToContainTextAsync(bad.NonDigitNik);
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("40-quarantine");
        browser.AssertCleanRun();
    }
}
