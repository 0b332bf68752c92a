using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The subscriptions page against the real hub's feed delivery: a webhook subscription (created through the admin API)
/// to a loopback receiver that is down, paused while a person changes (its lag on the page as the API reports it),
/// resumed until the event is dead-lettered, then replayed from the page once the receiver is up, which receives it.
/// Then the overview's feed row, secret rotation shown once, and creating a subscription from the page.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class SubscriptionsTests(ConsoleHub hub, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task DeadLetter_ToAReceiverThatWasDown_IsReplayedFromThePage_AndTheReceiverGetsIt()
    {
        const string client = "feed-receiver-a";
        await hub.CreateSubscriberAsync(client);
        var port = ConsoleHub.FreePort();
        var id = await hub.CreateWebhookSubscriptionAsync(client, new Uri($"http://127.0.0.1:{port}/hook"));

        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.subscriptions"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.title"));
        var listRow = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("subscriptions.caption") }).Locator("tbody tr")
            .Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = browser.Text("subscriptions.openLabel", ("id", id)) }) });
        await Assertions.Expect(listRow).ToContainTextAsync(client);
        await Assertions.Expect(listRow).ToContainTextAsync(browser.Text("subscriptions.state.active"));
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("subscriptions.openLabel", ("id", id)) }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.detailTitle", ("id", id[..8])));

        // Paused, a person changes: the event waits and the page shows the lag the API reports.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.pause"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("subscriptions.paused") })).ToBeVisibleAsync();
        Assert.Equal("paused", (string?)(await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/subscriptions/{id}"))!["status"]);
        await hub.ChangeAPersonAsync();
        var status = await hub.SubscriptionStatusAsync(id);
        Assert.True((long)status["lagEvents"]! > 0, status.ToJsonString());
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.refresh") }).ClickAsync();
        await Assertions.Expect(Fact(page, browser.Text("subscriptions.lagEvents"))).ToHaveTextAsync(Number((long)status["lagEvents"]!));
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("70-subscription-lag");

        // Resumed with the receiver down: two failed attempts, then a dead letter, listed with its error.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.resume"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("subscriptions.resumed") })).ToBeVisibleAsync();
        status = await WaitForStatusAsync(id, s => (long)s["deadLetters"]! > 0 && (long)s["pending"]! == 0);
        var deadLetters = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/subscriptions/{id}/dead-letters"))!["items"]!.AsArray();
        var seq = (long)deadLetters[0]!["seq"]!;
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.refresh") }).ClickAsync();
        await Assertions.Expect(Fact(page, browser.Text("subscriptions.deadLetters"))).ToHaveTextAsync(Number((long)status["deadLetters"]!));
        var deadRows = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("subscriptions.deadLettersCaption") }).Locator("tbody tr");
        await Assertions.Expect(deadRows).ToHaveCountAsync(deadLetters.Count);
        await Assertions.Expect(Fact(page, browser.Text("subscriptions.lastError"))).Not.ToHaveTextAsync(browser.Text("common.none"));
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("71-subscription-dead-letter");

        // The receiver comes up; replay from the dead letter's row, confirmed, and the receiver gets the event.
        using var receiver = new WebhookReceiver(port);
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.replayFromHere", ("seq", seq)) }).ClickAsync();
        await Assertions.Expect(page.GetByLabel(browser.Text("subscriptions.fromSeq"))).ToHaveValueAsync(seq.ToString(CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.replaySubmit") }).ClickAsync();
        var question = page.GetByRole(AriaRole.Group, new() { Name = browser.Text("subscriptions.confirmLabel") });
        await Assertions.Expect(question).ToContainTextAsync(browser.Text("subscriptions.fromSeqText", ("seq", seq)));
        Assert.Empty(receiver.Bodies);
        await question.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.replayYes") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("subscriptions.replayed", ("queued", deadLetters.Count), ("seq", seq)) })).ToBeVisibleAsync();
        var delivered = await receiver.WaitForAsync(b => JsonNode.Parse(b)?["seq"]?.GetValue<long>() == seq, Patience);
        Assert.Contains("JL. UJI UMPAN", delivered, StringComparison.Ordinal);
        status = await WaitForStatusAsync(id, s => (long)s["deadLetters"]! == 0);
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.refresh") }).ClickAsync();
        await Assertions.Expect(page.GetByText(browser.Text("subscriptions.noDeadLetters"))).ToBeVisibleAsync();
        await Assertions.Expect(Fact(page, browser.Text("subscriptions.delivered"))).ToHaveTextAsync(Number((long)status["delivered"]!));

        // The overview shows the subscription's feed row as the overview API has it.
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.overview"), Exact = true }).ClickAsync();
        var overview = (await hub.Http.GetFromJsonAsync<JsonObject>("/api/v1/overview"))!;
        var feed = overview["feeds"]!.AsArray().Single(f => (string?)f!["subscriptionId"] == id)!;
        var feedRow = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("overview.feedsCaption") }).Locator("tbody tr")
            .Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = browser.Text("subscriptions.openLabel", ("id", id)) }) });
        await Assertions.Expect(feedRow).ToContainTextAsync(client);
        await Assertions.Expect(feedRow.Locator("td").Nth(2)).ToHaveTextAsync(Number((long)feed["lagEvents"]!));
        await Assertions.Expect(feedRow.Locator("td").Nth(4)).ToHaveTextAsync(Number((long)feed["deadLetters"]!));
        await Assertions.Expect(feedRow).ToContainTextAsync(browser.Text("subscriptions.state.active"));
        browser.AssertCleanRun();
    }

    [Theory]
    [InlineData("en", 1280)]
    [InlineData("id", 390)]
    public async Task CreateFromThePage_AndRotate_ShowTheSecretOnlyOnce(string language, int width)
    {
        var client = $"feed-receiver-{language}";
        await hub.CreateSubscriberAsync(client);
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.subscriptions"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.title"));

        // The form refuses a webhook without its URL, naming the field.
        await page.GetByLabel(browser.Text("subscriptions.client"), new() { Exact = true }).FillAsync(client);
        await page.GetByLabel(browser.Text("subscriptions.purpose"), new() { Exact = true }).FillAsync(ConsoleHub.FeedPurpose);
        await page.GetByLabel(browser.Text("subscriptions.delivery"), new() { Exact = true }).SelectOptionAsync("webhook");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.create") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("subscriptions.urlRequired"));
        await Assertions.Expect(page.GetByLabel(browser.Text("subscriptions.url"), new() { Exact = true })).ToBeFocusedAsync();
        await page.GetByLabel(browser.Text("subscriptions.url"), new() { Exact = true }).FillAsync($"http://127.0.0.1:{ConsoleHub.FreePort()}/hook");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.create") }).ClickAsync();

        // Created: the secret is shown once, here, and is the one the hub holds (it never returns it again).
        var secret = await page.Locator("#shown-secret").InnerTextAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        var id = (await page.Locator("#created-subscription").GetAttributeAsync("href"))!.Split('/')[^1];
        var stored = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/subscriptions/{id}"))!;
        Assert.Equal(client, (string?)stored["clientId"]);
        Assert.Equal("webhook", (string?)stored["delivery"]);
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("72-subscription-created");

        // Its own page never shows the secret; rotating asks first, then shows the new one once.
        await page.Locator("#created-subscription").ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.detailTitle", ("id", id[..8])));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(secret);
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.rotate"), Exact = true }).ClickAsync();
        var question = page.GetByRole(AriaRole.Group, new() { Name = browser.Text("subscriptions.confirmLabel") });
        await Assertions.Expect(question).ToContainTextAsync(browser.Text("subscriptions.rotateConfirm"));
        await question.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.rotateYes") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = browser.Text("subscriptions.rotated") })).ToBeVisibleAsync();
        var rotated = await page.Locator("#shown-secret").InnerTextAsync();
        Assert.StartsWith("whsec_", rotated, StringComparison.Ordinal);
        Assert.NotEqual(secret, rotated);
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("73-subscription-rotated");
        await page.ReloadAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("subscriptions.detailTitle", ("id", id[..8])));
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync("whsec_");
        Assert.Equal(0, await page.EvaluateAsync<int>("s => Object.values(sessionStorage).concat(Object.values(localStorage)).filter(v => v.includes(s)).length", rotated));

        // A replay needs a sequence number: refused on the page, the field marked.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("subscriptions.replaySubmit") }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("subscriptions.seqInvalid"));
        await Assertions.Expect(page.GetByLabel(browser.Text("subscriptions.fromSeq"))).ToHaveAttributeAsync("aria-invalid", "true");
        await hub.Http.DeleteAsync($"/api/v1/subscriptions/{id}");
        browser.AssertCleanRun();
    }

    /// <summary>A fact's value (the dd after its dt) on the page.</summary>
    private static ILocator Fact(IPage page, string label) =>
        page.Locator(".status-facts div").Filter(new() { Has = page.GetByText(label, new() { Exact = true }) }).Locator("dd");

    // The page formats numbers per language; these are small enough to need no grouping.
    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<JsonObject> WaitForStatusAsync(string id, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonObject status;
        do
        {
            status = await hub.SubscriptionStatusAsync(id);
            if (done(status))
            {
                return status;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"The subscription's status did not get there within {Patience}: {status.ToJsonString()}\n{hub.Log()}");
    }
}
