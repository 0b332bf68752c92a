using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The hub's errors in the operator's language: real refusals from the real hub (a key revoked mid-session, an unknown
/// subscription, a malformed id) shown with the console's message in Indonesian or English and the hub's own English
/// detail beside it; and the mapping of every error kind the hub answers, run in the browser on crafted answers.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed class ErrorMessagesTests(ConsoleHub hub, ITestOutputHelper output)
{
    [Fact]
    public async Task RevokedKey_SaysSoInIndonesian_ThenInEnglishAfterTheSwitch_WithTheHubsDetail()
    {
        var key = await hub.CreateClientAsync("engineer-revoked-lang", "engineer");
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var page = browser.Page;
        await browser.SignInAsync(key);
        await hub.RevokeClientAsync("engineer-revoked-lang");

        await page.GetByRole(AriaRole.Link, new() { Name = Messages.Get("id", "nav.runs"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(Messages.Get("id", "signIn.title"));
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert.Locator("p").First).ToHaveTextAsync(Messages.Get("id", "problem.key.revoked"));
        await Assertions.Expect(alert.Locator("[lang=en]")).ToHaveTextAsync("The API key, or its client, has been revoked.");
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("80-error-revoked");

        await page.GetByRole(AriaRole.Button, new() { Name = Messages.Get("id", "language.switchLabel.en") }).ClickAsync();
        await Assertions.Expect(alert.Locator("p").First).ToHaveTextAsync(Messages.Get("en", "problem.key.revoked"));
        await Assertions.Expect(alert).ToContainTextAsync(Messages.Get("en", "problem.hubDetail"));
        await Assertions.Expect(alert.Locator("[lang=en]")).ToHaveTextAsync("The API key, or its client, has been revoked.");
        await browser.ScreenshotAsync("81-error-revoked-switched");
        browser.AssertCleanRun();
    }

    [Theory]
    [InlineData("id", 390)]
    [InlineData("en", 1280)]
    public async Task NotFoundAndBadRequest_FromTheHub_AreShownInTheChosenLanguage(string language, int width)
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.SignInAsync();
        var unknown = Guid.NewGuid().ToString();
        await page.GotoAsync($"/console/#/subscriptions/{unknown}");
        var alert = page.GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert.Locator("p").First).ToHaveTextAsync(browser.Text("problem.notFound"));
        await Assertions.Expect(alert.Locator("[lang=en]")).ToHaveTextAsync($"No subscription has id {unknown}.");
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("82-error-not-found");

        await page.GotoAsync("/console/#/subscriptions/not-a-uuid");
        await Assertions.Expect(alert.Locator("p").First).ToHaveTextAsync(browser.Text("problem.badRequest"));
        await Assertions.Expect(alert.Locator("[lang=en]")).ToHaveTextAsync("subscription must be a subscription id (a UUID).");
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task EveryErrorKind_MapsToItsMessage_InBothLanguages()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "id", 1280, output);
        var cases = new (int Status, string Problem, string? RetryAfter, string Key, (string, object)[] Values)[]
        {
            (401, """{"reason":"key.missing"}""", null, "problem.key.missing", []),
            (401, """{"reason":"key.invalid"}""", null, "problem.key.invalid", []),
            (401, """{"reason":"key.expired"}""", null, "problem.key.expired", []),
            (401, """{"reason":"key.revoked"}""", null, "problem.key.revoked", []),
            (401, "null", null, "problem.unauthorized", []),
            (403, """{"requiredRoles":["Engineer","admin"]}""", null, "problem.forbiddenRoles", [("roles", "{role.engineer}, {role.admin}")]),
            (403, """{"type":"urn:integrationhub:problem:policy-denied","purpose":"audit"}""", null, "problem.policyDenied", [("purpose", "audit")]),
            (403, "{}", null, "problem.forbidden", []),
            (400, """{"type":"urn:integrationhub:problem:purpose-required"}""", null, "problem.purposeRequired", []),
            (400, """{"type":"urn:integrationhub:problem:purpose-malformed"}""", null, "problem.purposeMalformed", []),
            (400, """{"type":"urn:integrationhub:problem:nik-malformed","reason":"nik.WrongLength"}""", null, "problem.nikMalformed", [("reason", "nik.WrongLength")]),
            (400, """{"type":"urn:integrationhub:problem:invalid-request"}""", null, "problem.badRequest", []),
            (404, "{}", null, "problem.notFound", []),
            (409, """{"type":"urn:integrationhub:problem:connector-busy"}""", null, "problem.conflict", []),
            (413, """{"type":"urn:integrationhub:problem:body-too-large"}""", null, "problem.tooLarge", []),
            (422, "{}", null, "problem.unprocessable", []),
            (429, "{}", "7", "problem.rateLimited", [("seconds", 7)]),
            (429, "{}", null, "problem.rateLimitedLater", []),
            (500, "{}", null, "problem.server", [("status", 500)]),
            (503, "null", null, "problem.server", [("status", 503)]),
            (418, "{}", null, "problem.http", [("status", 418)]),
        };
        foreach (var language in new[] { "id", "en" })
        {
            foreach (var (status, problem, retryAfter, key, values) in cases)
            {
                var shown = await browser.Page.EvaluateAsync<string>("""
                    async ([status, problem, retryAfter, language]) => {
                      const i18n = await import('/console/js/i18n.js');
                      const api = await import('/console/js/api.js');
                      i18n.setLanguage(language);
                      return api.describeError(new api.ApiError(status, JSON.parse(problem), retryAfter)).text;
                    }
                    """, new object?[] { status, problem, retryAfter, language });
                var expected = Messages.Get(language, key, values.Select(v => (v.Item1, (object)Roles(language, Convert.ToString(v.Item2, System.Globalization.CultureInfo.InvariantCulture)!))).ToArray());
                Assert.True(expected == shown, $"{status} {problem} in {language}: expected \"{expected}\", shown \"{shown}\"");
            }
        }

        // An HTTP date in Retry-After counts down from now; the hub's detail is kept as secondary text.
        var fromDate = await browser.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const p = await import('/console/js/problems.js');
              const api = await import('/console/js/api.js');
              const date = new Date(Date.now() + 30_000).toUTCString();
              const described = api.describeError(new api.ApiError(429, { detail: 'retry after 30 s.' }, date));
              return { seconds: p.retryAfterSeconds(date), detail: described.detail };
            }
            """);
        Assert.InRange(fromDate.GetProperty("seconds").GetInt32(), 28, 31);
        Assert.Equal("retry after 30 s.", fromDate.GetProperty("detail").GetString());
    }

    // "{role.engineer}" stands for the role's name in that language.
    private static string Roles(string language, string text) =>
        System.Text.RegularExpressions.Regex.Replace(text, @"\{(role\.\w+)\}", m => Messages.Get(language, m.Groups[1].Value));
}
