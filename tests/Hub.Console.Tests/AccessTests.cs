using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Sign-in and roles. Until API keys are checked by the hub, it answers no 401 or 403 and has no <c>GET /api/v1/me</c>
/// (404, which the console must survive: every page shown). These tests have the browser answer only those
/// responses (Playwright routes, one URL each) to check what the console does with them; everything else is the
/// real hub.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class AccessTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task SignIn_WhenTheHubHasNoMeEndpoint_ShowsEveryPageAndSendsTheKeyOnEveryCall()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;

        // Empty form: one message naming both fields, the key field focused and marked invalid.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("signIn.submit"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(browser.Text("signIn.keyRequired"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(browser.Text("signIn.actorRequired"));
        await Assertions.Expect(page.Locator("#api-key")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#api-key")).ToHaveAttributeAsync("aria-invalid", "true");

        await browser.SignInAsync();
        await Assertions.Expect(page.Locator("nav a")).ToHaveTextAsync([browser.Text("nav.overview"), browser.Text("nav.review"), browser.Text("nav.person"), browser.Text("nav.audit")]);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(browser.Text("role.unknown"));
        var apiCalls = browser.Requests.Where(r => r.Url.Contains("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, r => Assert.Equal(ConsoleBrowser.ApiKey, r.Headers.GetValueOrDefault("x-api-key")));

        // The key lives in this tab's sessionStorage only, never in localStorage.
        Assert.Equal(ConsoleBrowser.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('hub.console.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.values(localStorage).filter(v => v.includes('console-test-key')).length"));

        // Sign out: back to sign-in, key gone.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("shell.signOut") }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        browser.AssertCleanRun();
    }

    [Theory]
    [InlineData(401, "auth.unauthorized")]
    [InlineData(403, "auth.forbidden")]
    public async Task ApiRefusesTheKey_ReturnsToSignInWithAClearMessage(int status, string message)
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.RouteAsync("**/api/v1/review?*", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = status,
            ContentType = "application/problem+json",
            Body = JsonSerializer.Serialize(new { title = "refused", status }),
        }));
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.review"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text(message));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        await browser.ScreenshotAsync($"20-refused-{status}");
    }

    [Fact]
    public async Task SignIn_KeyRefusedByTheHub_StaysOnSignInAndSaysWhy()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 390, output);
        var page = browser.Page;
        await page.RouteAsync("**/api/v1/me", route => route.FulfillAsync(new RouteFulfillOptions { Status = 401, ContentType = "application/problem+json", Body = "{}" }));
        await page.GetByLabel(browser.Text("signIn.apiKey"), new() { Exact = true }).FillAsync("wrong-key");
        await page.GetByLabel(browser.Text("signIn.actor"), new() { Exact = true }).FillAsync("petugas");
        await page.GetByLabel(browser.Text("signIn.actor"), new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("signIn.rejected"));
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("21-key-refused");
    }

    [Theory]
    [InlineData("[\"Auditor\"]")]
    [InlineData("[3]")] // HubRole.Auditor, should the hub send the enum's number
    public async Task AuditorKey_CannotDecideReviews_AndMustNameAPurposeBeforeAPersonIsRead(string roles)
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await page.RouteAsync("**/api/v1/me", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = "{\"clientId\":\"bpk-auditor-7\",\"roles\":" + roles + "}",
        }));
        await browser.SignInAsync("ignored-name");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("bpk-auditor-7");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(browser.Text("role.auditor"));

        // The review item is readable, the decision form is not there.
        var reviewId = await hub.ReviewIdAsync(hub.Browsed);
        await page.GotoAsync($"/console/#/review/{reviewId}");
        await Assertions.Expect(page.GetByText(browser.Text("review.cannotDecide"))).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(0);

        // The person page asks for the purpose first and reads nothing until it is given.
        var candidate = (string)(await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>(hub.Http, $"/api/v1/review/{reviewId}"))!["candidatePersonId"]!;
        var before = browser.Requests.Count;
        await page.GotoAsync($"/console/#/person/{candidate}");
        await Assertions.Expect(page.GetByText(browser.Text("person.purposeFirst"))).ToBeVisibleAsync();
        Assert.DoesNotContain(browser.Requests.Skip(before), r => r.Url.Contains("/api/v1/persons/", StringComparison.Ordinal));
        await browser.ScreenshotAsync("22-auditor-purpose");
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).FillAsync("audit");
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.lineage") })).ToBeVisibleAsync();
        var reads = browser.Requests.Skip(before).Where(r => r.Url.Contains("/api/v1/persons/id/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, r => Assert.Equal("audit", r.Headers.GetValueOrDefault("x-purpose")));
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task SubscriberKey_OpensNoConsolePage_AndSaysSo()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;
        await page.RouteAsync("**/api/v1/me", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 200,
            ContentType = "application/json",
            Body = JsonSerializer.Serialize(new { clientId = "bpjs-feed", roles = new[] { "subscriber" } }),
        }));
        await page.GetByLabel(browser.Text("signIn.apiKey"), new() { Exact = true }).FillAsync("subscriber-key");
        await page.GetByLabel(browser.Text("signIn.actor"), new() { Exact = true }).FillAsync("petugas");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("signIn.submit"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("signIn.noPages"));
        await Assertions.Expect(page.Locator("nav a")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
    }
}
