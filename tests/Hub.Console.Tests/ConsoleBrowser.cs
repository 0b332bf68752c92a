using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// One browser context on the console at a given language and width: records every request (all must go to the hub)
/// and every script error, signs in, moves by keyboard, saves screenshots.
/// </summary>
internal sealed class ConsoleBrowser : IAsyncDisposable
{
    private readonly ConsoleHub _hub;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _errors = [];
    private readonly List<IRequest> _requests = [];

    private ConsoleBrowser(ConsoleHub hub, IBrowserContext context, IPage page, string language, int width, ITestOutputHelper output)
    {
        _hub = hub;
        Context = context;
        Page = page;
        Language = language;
        Width = width;
        _output = output;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public string Language { get; }

    public int Width { get; }

    public IReadOnlyList<IRequest> Requests => _requests;

    /// <summary>Opens the console in a fresh context (empty storage): Indonesian by default, switched to English when asked.</summary>
    public static async Task<ConsoleBrowser> OpenAsync(ConsoleHub hub, string language, int width, ITestOutputHelper output)
    {
        var context = await hub.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = hub.Address,
            ViewportSize = new ViewportSize { Width = width, Height = width >= 1000 ? 900 : 844 },
            IsMobile = false,
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var browser = new ConsoleBrowser(hub, context, page, language, width, output);
        page.Console += (_, message) =>
        {
            // The browser itself logs every non-2xx fetch ("Failed to load resource"); some tests provoke 401s and
            // 403s on purpose. Script errors are what matter here.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                browser._errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => browser._errors.Add(error);
        page.Request += (_, request) => browser._requests.Add(request);
        await page.GotoAsync("/console/");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        if (language == "en")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = Messages.Get("id", "language.switchLabel.en") }).ClickAsync();
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        }

        return browser;
    }

    public string Text(string key, params (string Name, object Value)[] values) => Messages.Get(Language, key, values);

    public ILocator Heading => Page.Locator("main h1");

    /// <summary>
    /// Signs in with the mouse and the fill helpers (the keyboard path has its own test): with the given key, by
    /// default the bootstrap admin's.
    /// </summary>
    public async Task SignInAsync(string? key = null)
    {
        await Assertions.Expect(Heading).ToHaveTextAsync(Text("signIn.title"));
        await Page.GetByLabel(Text("signIn.apiKey"), new() { Exact = true }).FillAsync(key ?? _hub.AdminKey);
        await Page.GetByRole(AriaRole.Button, new() { Name = Text("signIn.submit"), Exact = true }).ClickAsync();
        await Assertions.Expect(Heading).ToHaveTextAsync(Text("overview.title"));
    }

    /// <summary>Presses Tab until the focused element matches selector; fails naming what had the focus.</summary>
    public async Task TabToAsync(string selector, int limit = 80)
    {
        var seen = new List<string>();
        for (var i = 0; i < limit; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                await AssertFocusVisibleAsync();
                return;
            }

            seen.Add(await Page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${e.textContent?.trim().slice(0, 30)}` : 'none'; }"));
        }

        Assert.Fail($"Tab never reached {selector}; focus went through: {string.Join(" | ", seen)}");
    }

    /// <summary>The focused element draws a visible focus indicator (an outline of at least 2 px).</summary>
    public async Task AssertFocusVisibleAsync()
    {
        var outline = await Page.EvaluateAsync<string>("() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth}`; }");
        var parts = outline.Split(' ');
        Assert.True(parts[0] != "none" && double.Parse(parts[1].Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 2, $"the focused element has no visible outline ({outline})");
    }

    /// <summary>The page does not scroll sideways: everything fits the viewport's width (tables scroll in their frames).</summary>
    public async Task AssertFitsWidthAsync()
    {
        var (scroll, inner) = (await Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth"), await Page.EvaluateAsync<int>("() => window.innerWidth"));
        Assert.True(scroll <= inner, $"the page is {scroll} px wide in a {inner} px viewport");
    }

    /// <summary>
    /// Runs axe-core's WCAG 2.1 A and AA rules (contrast, labels, names, landmarks, ARIA use, ...) on the page as it
    /// is now; fails listing every violation with the elements concerned.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        var result = await Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var problems = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target.ToString()))}").ToList();
        Assert.True(problems.Count == 0, $"{Page.Url}:\n" + string.Join("\n", problems));
    }

    public async Task ScreenshotAsync(string step)
    {
        var path = Path.Combine(_hub.Screenshots, $"{step}-{Language}-{Width}.png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        _output.WriteLine($"screenshot: {path}");
        System.Console.WriteLine($"screenshot: {path}");
    }

    /// <summary>No script error happened and every request went to the hub itself (no CDN, no other origin).</summary>
    public void AssertCleanRun()
    {
        Assert.Empty(_errors);
        var origin = new Uri(_hub.Address).GetLeftPart(UriPartial.Authority);
        Assert.All(_requests, r => Assert.StartsWith(origin + "/", r.Url, StringComparison.Ordinal));
    }

    /// <summary>Digits only: compares a number the page formats per language with the API's value.</summary>
    public static string Digits(string text) => Regex.Replace(text, @"\D", "");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
