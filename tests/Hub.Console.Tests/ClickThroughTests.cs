using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Every page the console has, clicked through in Indonesian and in English, at 1280 px and at phone width (390 px),
/// each page checked against what the real API returns, with a screenshot of each.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class ClickThroughTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Theory]
    [InlineData("id", 1280)]
    [InlineData("id", 390)]
    [InlineData("en", 1280)]
    [InlineData("en", 390)]
    public async Task EveryPage_ShowsTheHubsDataInTheChosenLanguage_AndFitsTheWidth(string language, int width)
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.ScreenshotAsync("01-sign-in");
        await browser.AssertAccessibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.SignInAsync();

        // Overview: the counts and runs of GET /api/v1/overview, the chart one bar per finished run.
        var overview = (await hub.Http.GetFromJsonAsync<JsonObject>("/api/v1/overview?runs=20"))!;
        var persons = page.Locator(".stat").Filter(new() { Has = page.GetByText(browser.Text("overview.persons"), new() { Exact = true }) }).Locator("dd");
        Assert.Equal(((long)overview["persons"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), ConsoleBrowser.Digits(await persons.InnerTextAsync()));
        var review = page.Locator(".stat").Filter(new() { Has = page.GetByText(browser.Text("overview.reviewOpen"), new() { Exact = true }) }).Locator("dd");
        Assert.Equal(((long)overview["reviewOpen"]!).ToString(System.Globalization.CultureInfo.InvariantCulture), ConsoleBrowser.Digits(await review.InnerTextAsync()));
        await Assertions.Expect(page.GetByText(browser.Text("overview.recordsFrom", ("source", "bpjs")), new() { Exact = true })).ToBeVisibleAsync();
        var runs = overview["recentRuns"]!.AsArray();
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("overview.recentRuns") }).Locator("tbody tr")).ToHaveCountAsync(runs.Count);
        await Assertions.Expect(page.Locator("figure.chart svg rect")).ToHaveCountAsync(runs.Count(r => (double?)r!["durationSeconds"] > 0));
        Assert.Equal(browser.Text("overview.title"), await page.Locator("nav a[aria-current=page]").InnerTextAsync());
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("02-overview");
        await browser.AssertAccessibleAsync();

        // Review queue: the list, then the browsed item side by side with its score breakdown.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.review"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("review.title"));
        var reviewId = await hub.ReviewIdAsync(hub.Browsed);
        var row = page.Locator("tbody tr").Filter(new() { HasText = hub.Browsed.Nik });
        await Assertions.Expect(row).ToContainTextAsync(browser.Text("review.kind.possible-duplicate"));
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("03-review-queue");
        await browser.AssertAccessibleAsync();
        await row.GetByRole(AriaRole.Link, new() { Name = browser.Text("review.open", ("id", reviewId)) }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("review.itemTitle", ("id", reviewId)));

        var item = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!;
        var sideBySide = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("review.sideBySide") });
        await Assertions.Expect(sideBySide.Locator("tbody tr")).ToHaveCountAsync(item["sideBySide"]!.AsArray().Count);
        var nikRow = sideBySide.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "nik" }) }).First;
        await Assertions.Expect(nikRow).ToContainTextAsync(browser.Text("review.differs"));
        await Assertions.Expect(nikRow).ToContainTextAsync(hub.Browsed.Nik);
        await Assertions.Expect(nikRow).ToContainTextAsync(hub.Browsed.OriginalNik);
        var breakdown = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("review.breakdown") });
        var comparisons = item["breakdown"]!.AsArray();
        await Assertions.Expect(breakdown.Locator("tbody tr")).ToHaveCountAsync(comparisons.Count);
        foreach (var comparison in comparisons)
        {
            await Assertions.Expect(breakdown.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = (string)comparison!["comparison"]! }) }).First)
                .ToContainTextAsync((string)comparison["level"]!);
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = browser.Text("review.decideLink") })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = browser.Text("review.decideNotAMatch") })).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("04-review-item");
        await browser.AssertAccessibleAsync();

        // The candidate person: golden record with the lineage of every field, links, history and decisions.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("review.openPerson") }).First.ClickAsync();
        var candidate = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/persons/id/{(string)item["candidatePersonId"]!}"))!;
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("person.detailTitleNamed", ("name", (string)candidate["name"]!["full"]!)));
        var lineage = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.lineage") });
        await Assertions.Expect(lineage.Locator("tbody tr")).ToHaveCountAsync(candidate["provenance"]!.AsObject().Count);
        var street = candidate["provenance"]!["address.street"]!;
        await Assertions.Expect(lineage.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "address.street" }) }))
            .ToContainTextAsync($"{(string)street["location"]!}:{(long)street["line"]!}");
        var links = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.links") });
        await Assertions.Expect(links.Locator("tbody tr")).ToHaveCountAsync(candidate["links"]!.AsArray().Count);
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.history") }).Locator("tbody tr").First)
            .ToContainTextAsync(browser.Text("event.created"));
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.decisions") })).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("05-person");
        await browser.AssertAccessibleAsync();

        // Person search by NIK, submitted with Enter.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.person"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("person.title"));
        await browser.ScreenshotAsync("06-person-search");
        await browser.AssertAccessibleAsync();
        await page.GetByLabel(browser.Text("person.query"), new() { Exact = true }).FillAsync("12345");
        await page.GetByLabel(browser.Text("person.query"), new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("person.queryInvalid"));
        // A NIK lookup reads personal data: refused on the page until a purpose is named, then sent with it.
        await page.GetByLabel(browser.Text("person.query"), new() { Exact = true }).FillAsync(hub.Browsed.OriginalNik);
        await page.GetByLabel(browser.Text("person.query"), new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("person.purposeMissing"));
        await Assertions.Expect(page.GetByLabel(browser.Text("person.purposeRequiredLabel"))).ToBeFocusedAsync();
        var beforeLookup = browser.Requests.Count;
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).FillAsync("admin-ops");
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).PressAsync("Enter");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("person.detailTitleNamed", ("name", (string)candidate["name"]!["full"]!)));
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(hub.Browsed.OriginalNik);
        await browser.AssertFitsWidthAsync();
        var lookup = browser.Requests.Skip(beforeLookup).Single(r => r.Url.EndsWith($"/api/v1/persons/{hub.Browsed.OriginalNik}", StringComparison.Ordinal));
        Assert.Equal("admin-ops", lookup.Headers.GetValueOrDefault("x-purpose"));

        // Subscriptions: every subscription the API lists, with its status; monitoring: the figures of /metrics.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.subscriptions"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.title"));
        var subscriptions = (await hub.Http.GetFromJsonAsync<JsonObject>("/api/v1/subscriptions"))!["items"]!.AsArray();
        if (subscriptions.Count > 0)
        {
            await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("subscriptions.caption") }).Locator("tbody tr")).ToHaveCountAsync(subscriptions.Count);
        }

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = browser.Text("subscriptions.createTitle") })).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("08-subscriptions");
        await browser.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.monitoring"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("monitoring.title"));
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.ingestCaption") }).Locator("tbody th", new() { HasTextString = "dukcapil" })).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("09-monitoring");
        await browser.AssertAccessibleAsync();

        // Audit: verify the chain on request.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.audit"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("audit.title"));
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("audit.verify") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("audit.intact") })).ToBeVisibleAsync();
        var entries = page.Locator(".facts div").Filter(new() { Has = page.GetByText(browser.Text("audit.entries"), new() { Exact = true }) }).Locator("dd");
        Assert.True(long.Parse(ConsoleBrowser.Digits(await entries.InnerTextAsync()), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.DoesNotContain("null", await page.Locator("#audit-result").InnerTextAsync(), StringComparison.Ordinal);
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("07-audit");
        await browser.AssertAccessibleAsync();

        browser.AssertCleanRun();
    }
}
