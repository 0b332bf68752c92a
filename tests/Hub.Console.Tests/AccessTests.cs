using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// Sign-in and roles against the real authenticated hub: the bootstrap admin's key from the data directory, and
/// auditor, engineer and subscriber clients created with the real <c>hub clients create</c> command. Refusals are
/// real too: an unknown key, a key revoked mid-session (401), and a purpose without a policy (403).
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class AccessTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task SignIn_WithTheBootstrapAdminKey_ShowsEveryPageNamesTheClientAndSendsTheKeyOnEveryCall()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;

        // Empty form: one message, the key field focused and marked invalid; no name field any more.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("signIn.submit"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("signIn.keyRequired"));
        await Assertions.Expect(page.Locator("#api-key")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator("#api-key")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("main input")).ToHaveCountAsync(1);

        await browser.SignInAsync();
        await Assertions.Expect(page.Locator("nav a")).ToHaveTextAsync([browser.Text("nav.overview"), browser.Text("nav.review"), browser.Text("nav.person"), browser.Text("nav.connectors"), browser.Text("nav.runs"), browser.Text("nav.quarantine"), browser.Text("nav.subscriptions"), browser.Text("nav.monitoring"), browser.Text("nav.audit")]);
        await Assertions.Expect(page.Locator("#who")).ToHaveTextAsync(browser.Text("shell.signedInAs", ("actor", "admin"), ("roles", browser.Text("role.admin"))));
        var apiCalls = browser.Requests.Where(r => r.Url.Contains("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(apiCalls);
        Assert.All(apiCalls, r => Assert.Equal(hub.AdminKey, r.Headers.GetValueOrDefault("x-api-key")));

        // The key lives in this tab's sessionStorage only, never in localStorage.
        Assert.Equal(hub.AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('hub.console.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("k => Object.values(localStorage).filter(v => v.includes(k)).length", hub.AdminKey));

        // Sign out: back to sign-in, key gone.
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("shell.signOut") }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task KeyRevokedDuringTheSession_NextCallReturnsToSignInWithAClearMessage()
    {
        var key = await hub.CreateClientAsync("engineer-revoked", "engineer");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync(key);
        await hub.RevokeClientAsync("engineer-revoked");

        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.review"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(browser.Text("problem.key.revoked"));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        await browser.ScreenshotAsync("20-revoked");
    }

    [Fact]
    public async Task NikLookupWithAPurposeTheKeyHasNoPolicyFor_ShowsTheHubsRefusal_AndStaysSignedIn()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.person"), Exact = true }).ClickAsync();
        await page.GetByLabel(browser.Text("person.query"), new() { Exact = true }).FillAsync(hub.Browsed.OriginalNik);
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).FillAsync("complaint");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("person.search") }).ClickAsync();

        // The real 403 (policy-denied) in the console's words naming the purpose, the hub's own detail below; the
        // session is kept.
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert.Locator("p").First).ToHaveTextAsync(browser.Text("problem.policyDenied", ("purpose", "complaint")));
        await Assertions.Expect(alert.Locator("[lang=en]")).ToHaveTextAsync("Client 'admin' has no access policy for purpose 'complaint'.");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("person.title"));
        Assert.Equal(hub.AdminKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('hub.console.apiKey')"));
        await browser.ScreenshotAsync("21-no-policy");
    }

    [Fact]
    public async Task SignIn_KeyRefusedByTheHub_StaysOnSignInAndSaysWhy()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 390, output);
        var page = browser.Page;
        await page.GetByLabel(browser.Text("signIn.apiKey"), new() { Exact = true }).FillAsync("hub_not-a-real-key");
        await page.GetByLabel(browser.Text("signIn.apiKey"), new() { Exact = true }).PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Locator("p").First).ToHaveTextAsync(browser.Text("problem.key.invalid"));
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("signIn.title"));
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
        await browser.AssertFitsWidthAsync();
        await browser.ScreenshotAsync("22-key-refused");
    }

    [Fact]
    public async Task AuditorKey_HasNoReviewQueue_AndReadsAPersonThroughTheLineageReportNamingAPurpose()
    {
        var key = await hub.CreateClientAsync("bpk-auditor-7", "auditor");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync(key);
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync("bpk-auditor-7");
        await Assertions.Expect(page.Locator("#who")).ToContainTextAsync(browser.Text("role.auditor"));
        await Assertions.Expect(page.Locator("nav a")).ToHaveTextAsync([browser.Text("nav.overview"), browser.Text("nav.person"), browser.Text("nav.audit")]);

        // The review queue needs engineer or admin: the console does not open it for an auditor.
        var reviewId = await hub.ReviewIdAsync(hub.Browsed);
        await page.GotoAsync($"/console/#/review/{reviewId}");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("overview.title"));
        Assert.DoesNotContain(browser.Requests, r => r.Url.Contains("/api/v1/review", StringComparison.Ordinal));

        // The person page asks for the purpose first and reads nothing until it is given.
        var candidate = (string)(await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/review/{reviewId}"))!["candidatePersonId"]!;
        var before = browser.Requests.Count;
        await page.GotoAsync($"/console/#/person/{candidate}");
        await Assertions.Expect(page.GetByText(browser.Text("person.purposeFirst"))).ToBeVisibleAsync();
        Assert.DoesNotContain(browser.Requests.Skip(before), r => r.Url.Contains("/api/v1/persons/", StringComparison.Ordinal) || r.Url.Contains("/api/v1/reports/", StringComparison.Ordinal));
        await browser.ScreenshotAsync("23-auditor-purpose");
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).FillAsync("audit");
        await page.GetByLabel(browser.Text("person.purposeRequiredLabel")).PressAsync("Enter");

        // One audited lineage read with the purpose; the page shows the report's fields and links.
        var lineage = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("person.lineage") });
        await Assertions.Expect(lineage).ToBeVisibleAsync();
        var report = (await hub.Http.GetFromJsonAsync<JsonObject>($"/api/v1/reports/lineage?personId={candidate}&purpose=admin-ops"))!;
        await Assertions.Expect(lineage.Locator("tbody tr")).ToHaveCountAsync(report["fields"]!.AsArray().Count);
        await Assertions.Expect(page.Locator(".facts")).ToContainTextAsync((string)report["nik"]!);
        var reads = browser.Requests.Skip(before).Where(r => r.Url.Contains("/api/v1/reports/lineage", StringComparison.Ordinal)).ToList();
        Assert.Single(reads);
        Assert.Equal("audit", reads[0].Headers.GetValueOrDefault("x-purpose"));
        Assert.DoesNotContain(browser.Requests.Skip(before), r => r.Url.Contains("/api/v1/persons/id/", StringComparison.Ordinal));
        await browser.ScreenshotAsync("24-auditor-lineage");
        await browser.AssertAccessibleAsync();
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task SubscriberKey_OpensNoConsolePage_AndSaysSo()
    {
        var key = await hub.CreateClientAsync("bpjs-feed", "subscriber");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;
        await page.GetByLabel(browser.Text("signIn.apiKey"), new() { Exact = true }).FillAsync(key);
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("signIn.submit"), Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(browser.Text("signIn.noPages"));
        await Assertions.Expect(page.Locator("nav a")).ToHaveCountAsync(0);
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('hub.console.apiKey')"));
    }
}
