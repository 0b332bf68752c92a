using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>How the console is served, and its two languages.</summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class ConsoleAssetsTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task Root_RedirectsToTheConsole_ServedWithAPolicyAllowingOnlyTheHub()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(hub.Address) };
        using var root = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/console/", root.Headers.Location?.OriginalString);

        using var console = await http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, console.StatusCode);
        var policy = string.Join(' ', console.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        var html = await console.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogues_HaveTheSameKeys_AndTheBrowserLoadsThem()
    {
        Assert.Equal(Messages.Keys("id").Order(StringComparer.Ordinal), Messages.Keys("en").Order(StringComparer.Ordinal));
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var keys = await browser.Page.EvaluateAsync<string[][]>(
            "async () => { const [a, b] = await Promise.all([import('/console/js/messages/id.js'), import('/console/js/messages/en.js')]); return [Object.keys(a.default).sort(), Object.keys(b.default).sort()]; }");
        Assert.Equal(keys[0], keys[1]);
        Assert.Equal(Messages.Keys("id").Order(StringComparer.Ordinal), keys[0]);
    }

    [Fact]
    public async Task AccessibilityCheck_IsLive_AnUnlabelledFieldOrLowContrastTextFailsIt()
    {
        // The pages pass the axe-core check in ClickThroughTests; this shows the check would notice if they did not.
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        await browser.AssertAccessibleAsync();
        await browser.Page.EvaluateAsync("() => { const i = document.createElement('input'); i.type = 'text'; document.querySelector('main form').appendChild(i); }");
        var unlabelled = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(browser.AssertAccessibleAsync);
        Assert.Contains("label", unlabelled.Message, StringComparison.Ordinal);

        await browser.Page.EvaluateAsync("() => { document.querySelector('main input:not([id])').remove(); const p = document.createElement('p'); p.textContent = 'abu-abu pucat'; p.style.color = '#c8c8c8'; document.querySelector('main form').appendChild(p); }");
        var pale = await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(browser.AssertAccessibleAsync);
        Assert.Contains("color-contrast", pale.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LanguageChoice_IsRememberedAcrossReloads_AndSetsTheLangAttribute()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        var page = browser.Page;
        await Assertions.Expect(browser.Heading).ToHaveTextAsync("Sign in");
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync("Sign in");
        await Assertions.Expect(page.Locator(".skip-link")).ToHaveTextAsync("Skip to main content");

        await page.GetByRole(AriaRole.Button, new() { Name = Messages.Get("en", "language.switchLabel.id") }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync("Masuk");
        await page.ReloadAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync("Masuk");
        await Assertions.Expect(page.GetByLabel("Kunci API", new() { Exact = true })).ToBeVisibleAsync();
        browser.AssertCleanRun();
    }
}
