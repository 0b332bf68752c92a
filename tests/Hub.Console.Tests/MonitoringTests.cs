using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace IntegrationHub.Console.Tests;

/// <summary>
/// The monitoring page against the real hub's <c>/metrics</c>: after calls by a client of its own, the page's figures
/// equal those the test reads from <c>/metrics</c> itself (never numbers written into the test), it refreshes on its
/// own and says when, and only engineers and admins are offered it. The page's Prometheus parser is also run on
/// crafted text in the browser.
/// </summary>
[Collection(ConsoleHubGroup.Name)]
public sealed partial class MonitoringTests(ConsoleHub hub, ITestOutputHelper output)
{
    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)$", RegexOptions.Multiline)]
    private static partial Regex Sample();

    [Theory]
    [InlineData("id", 1280)]
    [InlineData("en", 390)]
    public async Task Monitoring_ShowsTheFiguresOfMetrics_PerClientEndpointAndSource_AndRefreshes(string language, int width)
    {
        // A client of its own: three overview reads and one refused person lookup (engineers may not look up a NIK).
        var probe = $"monitor-probe-{language}";
        var key = await hub.CreateClientAsync(probe, "engineer");
        using (var http = new HttpClient { BaseAddress = new Uri(hub.Address) })
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            for (var i = 0; i < 3; i++)
            {
                (await http.GetAsync("/api/v1/overview")).EnsureSuccessStatusCode();
            }

            Assert.Equal(403, (int)(await http.GetAsync($"/api/v1/persons/{hub.Browsed.OriginalNik}?purpose=admin-ops")).StatusCode);
        }

        // The page is read by another engineer, so that the probe's figures stay still; the test's own reads of
        // /metrics go as the admin, active already.
        var viewer = await hub.CreateClientAsync($"monitor-viewer-{language}", "engineer");
        (await hub.Http.GetAsync("/api/v1/me")).EnsureSuccessStatusCode();
        await using var browser = await ConsoleBrowser.OpenAsync(hub, language, width, output);
        var page = browser.Page;
        await browser.SignInAsync(viewer);
        await page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.monitoring"), Exact = true }).ClickAsync();
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("monitoring.title"));
        var updated = page.Locator("#monitoring-updated");
        await Assertions.Expect(updated).ToHaveAttributeAsync("data-updated-at", new Regex("."));
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("monitoring.pause") }).ClickAsync();
        var metrics = await hub.Http.GetStringAsync("/metrics");

        // Per client: the probe's requests and its one 4xx, as /metrics counts them.
        var clients = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.requestsCaption.client") });
        var probeRow = clients.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = probe }) });
        var probeRequests = Sum(metrics, "hub_http_request_duration_seconds_count", ("client", probe));
        Assert.Equal(4, probeRequests);
        Assert.Equal(1, Sum(metrics, "hub_http_request_duration_seconds_count", ("client", probe), ("status", "4xx")));
        await Assertions.Expect(probeRow.Locator("td").Nth(0)).ToHaveTextAsync(Format(probeRequests, language));
        await Assertions.Expect(probeRow.Locator("td").Nth(4)).ToHaveTextAsync(Format(Sum(metrics, "hub_http_request_duration_seconds_count", ("client", probe), ("status", "4xx")), language));

        // Per source: records read and quarantined, and match outcomes.
        var ingest = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.ingestCaption") });
        var dukcapil = ingest.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "dukcapil" }) });
        await Assertions.Expect(dukcapil.Locator("td").Nth(0)).ToHaveTextAsync(Format(Sum(metrics, "hub_ingest_records_read_total", ("source", "dukcapil")), language));
        await Assertions.Expect(dukcapil.Locator("td").Nth(3)).ToHaveTextAsync(Format(Sum(metrics, "hub_ingest_records_quarantined_total", ("source", "dukcapil")), language));
        var match = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.matchCaption") });
        var bpjs = match.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "bpjs" }) });
        var linkColumn = await HeaderIndexAsync(match, browser.Text("monitoring.outcome.link"));
        await Assertions.Expect(bpjs.Locator("th, td").Nth(linkColumn)).ToHaveTextAsync(Format(Sum(metrics, "hub_match_outcomes_total", ("source", "bpjs"), ("outcome", "link")), language));
        await Assertions.Expect(page.Locator("#active-clients dd")).ToHaveTextAsync(Format(Sum(metrics, "hub_clients_active"), language));

        // Per endpoint: the overview's row has latencies in milliseconds; run durations are listed per source.
        var endpoints = page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.requestsCaption.endpoint") });
        var overviewRow = endpoints.Locator("tbody tr").Filter(new() { Has = page.Locator("th", new() { HasTextString = "/api/v1/overview/" }) });
        await Assertions.Expect(overviewRow.Locator("td").Nth(2)).ToContainTextAsync(" ms");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = browser.Text("monitoring.runsCaption") }).Locator("tbody tr th", new() { HasTextString = "dukcapil" }).First).ToBeVisibleAsync();
        await browser.AssertFitsWidthAsync();
        await browser.AssertAccessibleAsync();
        await browser.ScreenshotAsync("75-monitoring");

        // Refreshing again: a new read every few seconds, with a new "last updated".
        var first = await updated.GetAttributeAsync("data-updated-at");
        await page.GetByRole(AriaRole.Button, new() { Name = browser.Text("monitoring.resume") }).ClickAsync();
        await Assertions.Expect(updated).Not.ToHaveAttributeAsync("data-updated-at", first!, new() { Timeout = 20_000 });
        var second = await updated.GetAttributeAsync("data-updated-at");
        await Assertions.Expect(updated).Not.ToHaveAttributeAsync("data-updated-at", second!, new() { Timeout = 20_000 });
        foreach (var part in browser.Text("monitoring.updated", ("seconds", 5)).Split("{time}"))
        {
            await Assertions.Expect(updated).ToContainTextAsync(part.Trim());
        }

        // An engineer is offered monitoring but not the admins' subscriptions page, even by its address.
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = browser.Text("nav.subscriptions"), Exact = true })).ToHaveCountAsync(0);
        await page.GotoAsync("/console/#/subscriptions");
        await Assertions.Expect(browser.Heading).ToHaveTextAsync(browser.Text("overview.title"));
        browser.AssertCleanRun();
    }

    [Fact]
    public async Task PrometheusParser_OnCraftedText_ReadsLabelsEscapesAndEstimatesQuantiles()
    {
        await using var browser = await ConsoleBrowser.OpenAsync(hub, "en", 1280, output);
        const string Text = """
            # HELP req_seconds Request time.\nSecond line.
            # TYPE req_seconds histogram
            req_seconds_bucket{path="/a",le="0.1"} 2
            req_seconds_bucket{path="/a",le="0.5"} 6
            req_seconds_bucket{path="/a",le="1"} 8
            req_seconds_bucket{path="/a",le="+Inf"} 10
            req_seconds_sum{path="/a"} 4.5
            req_seconds_count{path="/a"} 10
            req_seconds_bucket{path="/b",le="0.1"} 1
            req_seconds_bucket{path="/b",le="0.5"} 1
            req_seconds_bucket{path="/b",le="1"} 1
            req_seconds_bucket{path="/b",le="+Inf"} 1
            req_seconds_sum{path="/b"} 0.05
            req_seconds_count{path="/b"} 1
            # TYPE odd_total counter
            odd_total{label="quote \" backslash \\ newline \n end",other="x"} 7 1700000000000
            odd_total{label="plain"} +Inf
            not a sample line
            """;
        var result = await browser.Page.EvaluateAsync<JsonElement>("""
            async text => {
              const m = await import('/console/js/prometheus.js');
              const f = m.parsePrometheus(text);
              const merged = m.histogramBy(f, 'req_seconds', [])[0];
              const a = m.histogramBy(f, 'req_seconds', ['path']).find(g => g.labels.path === '/a');
              const odd = f.get('odd_total').samples;
              return {
                families: [...f.keys()],
                help: f.get('req_seconds').help,
                aP50: m.quantile(0.5, a.buckets), aP95: m.quantile(0.95, a.buckets), aCount: a.count, aSum: a.sum,
                mergedCount: merged.count, mergedP50: m.quantile(0.5, merged.buckets),
                oddLabel: odd[0].labels.label, oddOther: odd[0].labels.other, oddValue: odd[0].value, infinite: odd[1].value === Infinity,
                sums: m.sumBy(f, 'odd_total', ['label']).length,
                none: m.quantile(0.5, []),
              };
            }
            """, Text);

        Assert.Equal(new[] { "req_seconds", "odd_total" }, result.GetProperty("families").EnumerateArray().Select(e => e.GetString() ?? "").ToArray());
        Assert.Equal("Request time.\nSecond line.", result.GetProperty("help").GetString());
        // Rank 5 of 10 falls in (0.1, 0.5] holding observations 3..6: 0.1 + 0.4 * (5 - 2) / (6 - 2).
        Assert.Equal(0.4, result.GetProperty("aP50").GetDouble(), 9);
        // Rank 9.5 falls in the +Inf bucket: the highest finite bound.
        Assert.Equal(1.0, result.GetProperty("aP95").GetDouble(), 9);
        Assert.Equal(10, result.GetProperty("aCount").GetDouble());
        Assert.Equal(4.5, result.GetProperty("aSum").GetDouble(), 9);
        // Merged: 11 observations, rank 5.5 in (0.1, 0.5] holding 4..7: 0.1 + 0.4 * (5.5 - 3) / (7 - 3).
        Assert.Equal(11, result.GetProperty("mergedCount").GetDouble());
        Assert.Equal(0.35, result.GetProperty("mergedP50").GetDouble(), 9);
        Assert.Equal("quote \" backslash \\ newline \n end", result.GetProperty("oddLabel").GetString());
        Assert.Equal("x", result.GetProperty("oddOther").GetString());
        Assert.Equal(7, result.GetProperty("oddValue").GetDouble());
        Assert.True(result.GetProperty("infinite").GetBoolean());
        Assert.Equal(2, result.GetProperty("sums").GetInt32());
        Assert.Equal(JsonValueKind.Null, result.GetProperty("none").ValueKind);
    }

    /// <summary>Sums the samples of one series name whose labels include all of <paramref name="labels"/>.</summary>
    private static double Sum(string metrics, string name, params (string Name, string Value)[] labels)
    {
        double total = 0;
        foreach (Match m in Sample().Matches(metrics))
        {
            if (m.Groups["name"].Value != name)
            {
                continue;
            }

            var text = m.Groups["labels"].Value;
            if (labels.All(l => text.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                total += double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    // Whole numbers as the page writes them: grouped with '.' in Indonesian, ',' in English.
    private static string Format(double value, string language) =>
        ((long)value).ToString("#,0", CultureInfo.GetCultureInfo(language == "id" ? "id-ID" : "en-GB"));

    private static async Task<int> HeaderIndexAsync(ILocator region, string header)
    {
        var headers = await region.Locator("thead th").AllInnerTextsAsync();
        var index = headers.ToList().IndexOf(header);
        Assert.True(index >= 0, $"no column {header} in {string.Join(", ", headers)}");
        return index;
    }
}
