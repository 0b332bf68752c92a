using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Deciding review items in the browser against the real hub, each signed in with a real engineer client's key: the
/// hub records that client as the decision's actor (the console sends only the decision and the reason). Keyboard
/// only for sign-in and the "link" decision, after which the candidate person's lineage and history show the change;
/// the mouse at phone width for "not a match".
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class ReviewDecisionTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task KeyboardOnly_SignInAndLinkAReviewItem_ThePersonsLineageAndHistoryChange()
    {
        var reviewId = await hub.ReviewIdAsync(hub.ToLink);
        var item = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!;
        var candidateId = (string)item["candidatePersonId"]!;
        var before = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/persons/id/{candidateId}"))!;
        Assert.NotEqual(hub.ToLink.NewAddress, (string?)before["address"]!["street"]);
        Assert.NotEqual(hub.ToLink.Nik, (string?)before["provenance"]!["address.street"]!["sourceKey"]);

        var key = await hub.CreateClientAsync("petugas-papan-ketik", "engineer");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;
        var keyboard = page.Keyboard;

        // Sign-in: the skip link comes first, then the language switch, then the form; Enter submits.
        await browser.TabToAsync(".skip-link", limit: 1);
        await browser.TabToAsync("#language", limit: 1);
        await browser.TabToAsync("#api-key", limit: 1);
        await keyboard.TypeAsync(key);
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("overview.title"));
        // The new page's heading takes the focus, so the next Tab starts from the top of the content.
        await Assertions.Expect(browser.Heading).ToBeFocusedAsync();
        // An engineer's pages: monitoring, but no subscriptions (admins') and no audit.
        await Assertions.Expect(page.Locator("nav a")).ToHaveTextAsync([browser.Text("nav.overview"), browser.Text("nav.review"), browser.Text("nav.person"), browser.Text("nav.connectors"), browser.Text("nav.runs"), browser.Text("nav.quarantine"), browser.Text("nav.monitoring")]);

        // To the queue and the item, by keyboard.
        await browser.TabToAsync($"nav a[href='#/review']");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("review.title"));
        await browser.TabToAsync($"a[href='#/review/{reviewId}']");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("review.itemTitle", ("id", reviewId)));
        await browser.ScreenshotAsync("10-before-link");

        // Enter with no choice and no reason: refused on the page, the focus on the first problem, nothing sent.
        await browser.TabToAsync("#decision-reason");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(browser.Text("review.chooseDecision"));
        await Assertions.Expect(page.Locator("#decision-link")).ToBeFocusedAsync();
        Assert.Equal("open", (string?)(await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!["status"]);

        // Space picks "link" (the focused radio), Tab to the reason, Enter submits.
        await keyboard.PressAsync("Space");
        Assert.True(await page.IsCheckedAsync("#decision-link"));
        await browser.TabToAsync("#decision-reason");
        await keyboard.TypeAsync("ibu kandung dan kelurahan sama; alamat baru lebih mutakhir");
        await keyboard.PressAsync("Enter");
        var done = page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("review.linked") });
        await Assertions.Expect(done).ToBeVisibleAsync();

        // The body carries the decision and the reason only: the hub takes the actor from the key.
        var post = browser.Requests.Single(r => r.Method == "POST" && r.Url.EndsWith($"/api/v1/review/{reviewId}/decision", StringComparison.Ordinal));
        var body = JsonNode.Parse(post.PostData!)!.AsObject();
        Assert.Equal(["decision", "reason"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        var decided = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!;
        Assert.Equal("linked", (string?)decided["status"]);
        Assert.Equal("petugas-papan-ketik", (string?)decided["decidedBy"]);
        Assert.Equal("ibu kandung dan kelurahan sama; alamat baru lebih mutakhir", (string?)decided["reason"]);

        // Follow the confirmation's link by keyboard to the person: lineage and history show the decision.
        await browser.TabToAsync("#decided-person");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync(candidateId);
        var lineage = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.lineage") });
        var street = lineage.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "address.street" }) });
        await Assertions.Expect(street).ToContainTextAsync(hub.ToLink.NewAddress!);
        await Assertions.Expect(street).ToContainTextAsync(hub.ToLink.Nik);
        await Assertions.Expect(street).ToContainTextAsync("double-registrations.csv:3");
        var history = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.history") });
        var merged = history.Locator("tbody tr").Filter(new() { HasText = "ibu kandung dan kelurahan sama" });
        await Assertions.Expect(merged).ToContainTextAsync(browser.Text("event.merged"));
        await Assertions.Expect(merged).ToContainTextAsync("petugas-papan-ketik");
        var links = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.links") });
        await Assertions.Expect(links).ToContainTextAsync(hub.ToLink.Nik);
        // The access history is an auditor's or admin's report: not offered to an engineer. The audit log has the
        // decision by the engineer's client.
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = browser.Text("person.showAccess") })).ToHaveCountAsync(0);
        var access = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/reports/access?personId={candidateId}&purpose=admin-ops"))!;
        Assert.Contains(access["entries"]!.AsArray(), e => (string?)e!["action"] == "identity.review-decision" && (string?)e["actor"] == "petugas-papan-ketik");
        await browser.ScreenshotAsync("11-after-link-person");

        // The page shows what the hub now holds.
        var after = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/persons/id/{candidateId}"))!;
        Assert.Equal(hub.ToLink.NewAddress, (string?)after["address"]!["street"]);
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task PhoneWidthInEnglish_NotAMatchWithAReason_IsRecordedAndShownOnTheRecordsOwnPerson()
    {
        var reviewId = await hub.ReviewIdAsync(hub.ToReject);
        var key = await hub.CreateClientAsync("officer-390", "engineer");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 390, output);
        var page = browser.Page;
        await browser.SignInAsync(key);
        await page.GotoAsync($"/console/#/review/{reviewId}");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("review.itemTitle", ("id", reviewId)));

        await page.GetByLabel(browser.Text("review.decideNotAMatch")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("review.submit") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(browser.Text("review.reasonRequired"));
        await Assertions.Expect(page.GetByLabel(browser.Text("review.reason"), new() { Exact = true })).ToBeFocusedAsync();
        await page.GetByLabel(browser.Text("review.reason"), new() { Exact = true }).FillAsync("different KK, registered twice by mistake is ruled out by the family card office");
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("12-not-a-match-form");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("review.submit") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("review.notAMatchDone") })).ToBeVisibleAsync();

        var decided = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!;
        Assert.Equal("not-a-match", (string?)decided["status"]);
        Assert.Equal("officer-390", (string?)decided["decidedBy"]);

        // The queue's status filter finds it among the decided ones, and no longer among the open ones.
        await page.GotoAsync("/console/#/review");
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = hub.ToReject.Nik })).ToHaveCountAsync(0);
        await page.GetByLabel(browser.Text("review.statusFilter")).SelectOptionAsync("not-a-match");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("review.applyFilter") }).ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr").Filter(new() { HasText = hub.ToReject.Nik })).ToContainTextAsync(browser.Text("review.status.not-a-match"));

        // Reopened, the item shows the decision instead of the form.
        await page.GotoAsync($"/console/#/review/{reviewId}");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#decision-title + dl")).ToContainTextAsync("officer-390");
        await Assertions.Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);

        // The record's own person lists the decision with its reason.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("review.openPerson") }).Last.ClickAsync();
        var decisions = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.decisions") });
        await Assertions.Expect(decisions.Locator("tbody tr").Filter(new() { HasText = "registered twice by mistake" })).ToContainTextAsync(browser.Text("outcome.not-a-match"));
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("13-not-a-match-person");
        browser.AssertCleanRun();
    }
}
