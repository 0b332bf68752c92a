using System.Net.Http.Json;
using System.Text.Json;
using IntegrationHub.Core.Access;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace IntegrationHub.Api.Tests.Access;

/// <summary>
/// Every endpoint x every role, plus missing, invalid, expired and revoked keys. One row per endpoint: add a row when
/// you add an endpoint (the completeness test fails until you do). Anonymous rows are open to all; the others give
/// 401 without a working key, 403 to a role not listed, and anything else (200, 400, 404, 409...) to a listed role.
/// </summary>
public sealed class AuthorizationMatrixTests(AccessTestHost host) : IClassFixture<AccessTestHost>
{
    private const string Nik = "3201010101010999";
    private const string Guid0 = "00000000-0000-0000-0000-000000000001";

    private static readonly HubRole[] Anonymous = [];
    private static readonly HubRole[] Operators = [HubRole.Engineer, HubRole.Admin];
    private static readonly HubRole[] Readers = [HubRole.Subscriber, HubRole.Auditor, HubRole.Admin];
    private static readonly HubRole[] AdminOnly = [HubRole.Admin];
    private static readonly HubRole[] Auditors = [HubRole.Auditor, HubRole.Admin];
    private static readonly HubRole[] FeedReaders = [HubRole.Subscriber, HubRole.Admin];
    private static readonly HubRole[] Staff = [HubRole.Engineer, HubRole.Auditor, HubRole.Admin];
    private static readonly HubRole[] AnyClient = [HubRole.Subscriber, HubRole.Engineer, HubRole.Auditor, HubRole.Admin];

    /// <summary>Method, route pattern (as the router knows it), a concrete path, a body, and who may call (none: anyone).</summary>
    public static readonly IReadOnlyList<(string Method, string Pattern, string Path, object? Body, HubRole[] Roles)> Endpoints =
    [
        ("GET", "/health", "/health", null, Anonymous),
        ("GET", "/health/live", "/health/live", null, Anonymous),
        ("GET", "/health/ready", "/health/ready", null, Anonymous),
        ("GET", "/openapi/{documentName}.json", "/openapi/v1.json", null, Anonymous),
        ("GET", "/api/v1/stats", "/api/v1/stats", null, Anonymous),
        ("GET", "/metrics", "/metrics", null, Operators),
        ("GET", "/api/v1/persons/{nik}", "/api/v1/persons/" + Nik, null, Readers),
        ("GET", "/api/v1/persons/search", "/api/v1/persons/search?name=Budi&birthDate=1990-01-01", null, Readers),
        ("POST", "/api/v1/persons/verify", "/api/v1/persons/verify", new { nik = Nik, fields = new Dictionary<string, string> { ["name.full"] = "Budi" } }, Readers),
        ("GET", "/api/v1/review", "/api/v1/review", null, Operators),
        ("GET", "/api/v1/review/{reviewId:long}", "/api/v1/review/999999", null, Operators),
        ("POST", "/api/v1/review/{reviewId:long}/decision", "/api/v1/review/999999/decision", new { decision = "link", reason = "matrix" }, Operators),
        ("GET", "/api/v1/persons/id/{personId:guid}", "/api/v1/persons/id/" + Guid0, null, Operators),
        ("GET", "/api/v1/persons/id/{personId:guid}/history", "/api/v1/persons/id/" + Guid0 + "/history", null, Operators),
        ("POST", "/api/v1/persons/id/{personId:guid}/links", "/api/v1/persons/id/" + Guid0 + "/links", new { source = "x", sourceKey = "y", reason = "matrix" }, Operators),
        ("PUT", "/api/v1/persons/id/{personId:guid}/overrides/{field}", "/api/v1/persons/id/" + Guid0 + "/overrides/name.full", new { value = "X", reason = "matrix" }, Operators),
        ("POST", "/api/v1/persons/merge", "/api/v1/persons/merge", new { survivorId = Guid0, absorbedId = Guid0, reason = "matrix" }, Operators),
        ("POST", "/api/v1/links/unlink", "/api/v1/links/unlink", new { source = "x", sourceKey = "y", reason = "matrix" }, Operators),
        ("POST", "/api/v1/merges/{eventId:long}/unmerge", "/api/v1/merges/999999/unmerge", new { reason = "matrix" }, Operators),
        ("GET", "/api/v1/decisions", "/api/v1/decisions?source=x&sourceKey=y", null, Operators),
        ("GET", "/api/v1/admin/clients", "/api/v1/admin/clients", null, AdminOnly),
        ("POST", "/api/v1/admin/clients", "/api/v1/admin/clients", new { clientId = "Not Valid", roles = new[] { "subscriber" } }, AdminOnly),
        ("GET", "/api/v1/admin/clients/{clientId}", "/api/v1/admin/clients/nobody", null, AdminOnly),
        ("POST", "/api/v1/admin/clients/{clientId}/rotate", "/api/v1/admin/clients/nobody/rotate", new { }, AdminOnly),
        ("POST", "/api/v1/admin/clients/{clientId}/revoke", "/api/v1/admin/clients/nobody/revoke", null, AdminOnly),
        ("GET", "/api/v1/admin/policies", "/api/v1/admin/policies", null, AdminOnly),
        ("PUT", "/api/v1/admin/policies/{clientId}/{purpose}", "/api/v1/admin/policies/nobody/matrix-check", new { fields = new[] { "name.full" } }, AdminOnly),
        ("DELETE", "/api/v1/admin/policies/{clientId}/{purpose}", "/api/v1/admin/policies/nobody/matrix-check", null, AdminOnly),
        ("GET", "/api/v1/feeds/{subscription}", "/api/v1/feeds/nobody", null, FeedReaders),
        ("POST", "/api/v1/subscriptions", "/api/v1/subscriptions", new { name = "Not Valid" }, AdminOnly),
        ("GET", "/api/v1/subscriptions", "/api/v1/subscriptions", null, AdminOnly),
        ("GET", "/api/v1/subscriptions/{subscription}", "/api/v1/subscriptions/nobody", null, AdminOnly),
        ("POST", "/api/v1/subscriptions/{subscription}/pause", "/api/v1/subscriptions/nobody/pause", null, AdminOnly),
        ("POST", "/api/v1/subscriptions/{subscription}/resume", "/api/v1/subscriptions/nobody/resume", null, AdminOnly),
        ("DELETE", "/api/v1/subscriptions/{subscription}", "/api/v1/subscriptions/nobody", null, AdminOnly),
        ("POST", "/api/v1/subscriptions/{subscription}/rotate-secret", "/api/v1/subscriptions/nobody/rotate-secret", null, AdminOnly),
        ("POST", "/api/v1/subscriptions/{subscription}/replay", "/api/v1/subscriptions/nobody/replay", new { }, AdminOnly),
        ("GET", "/api/v1/subscriptions/{subscription}/status", "/api/v1/subscriptions/nobody/status", null, AdminOnly),
        ("GET", "/api/v1/subscriptions/{subscription}/dead-letters", "/api/v1/subscriptions/nobody/dead-letters", null, AdminOnly),
        ("GET", "/api/v1/audit/verify", "/api/v1/audit/verify", null, Auditors),
        ("GET", "/api/v1/reports/lineage", "/api/v1/reports/lineage?nik=" + Nik, null, Auditors),
        ("GET", "/api/v1/reports/access", "/api/v1/reports/access?nik=" + Nik, null, Auditors),
        ("GET", "/api/v1/reports/access-summary", "/api/v1/reports/access-summary", null, Auditors),
        ("GET", "/api/v1/connectors", "/api/v1/connectors", null, Operators),
        ("POST", "/api/v1/connectors/{name}/run", "/api/v1/connectors/nobody/run", null, Operators),
        ("POST", "/api/v1/connectors/{name}/pause", "/api/v1/connectors/nobody/pause", null, Operators),
        ("POST", "/api/v1/connectors/{name}/resume", "/api/v1/connectors/nobody/resume", null, Operators),
        ("GET", "/api/v1/runs", "/api/v1/runs", null, Operators),
        ("GET", "/api/v1/runs/{id}", "/api/v1/runs/nobody", null, Operators),
        ("POST", "/api/v1/runs/{id}/retry", "/api/v1/runs/nobody/retry", null, Operators),
        ("GET", "/api/v1/quarantine", "/api/v1/quarantine", null, Operators),
        ("GET", "/api/v1/quarantine/{id}", "/api/v1/quarantine/999999", null, Operators),
        ("POST", "/api/v1/quarantine/{id}/reprocess", "/api/v1/quarantine/999999/reprocess", null, Operators),
        ("POST", "/api/v1/quarantine/reprocess", "/api/v1/quarantine/reprocess", new { source = "nosuch" }, Operators),
        ("GET", "/api/v1/overview", "/api/v1/overview", null, Staff),
        ("GET", "/api/v1/me", "/api/v1/me", null, AnyClient),
        ("GET", "/", "/", null, Anonymous),
    ];

    public static TheoryData<string, string, Caller> Cases()
    {
        var data = new TheoryData<string, string, Caller>();
        foreach (var (method, pattern, _, _, _) in Endpoints)
        {
            foreach (var caller in Enum.GetValues<Caller>())
            {
                data.Add(method, pattern, caller);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Endpoint_ForCaller_GivesTheExpectedStatus(string method, string pattern, Caller caller)
    {
        var (_, _, path, body, roles) = Endpoints.Single(e => e.Method == method && e.Pattern == pattern);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await host.Clients[caller].SendAsync(request);
        var status = (int)response.StatusCode;
        var role = caller switch
        {
            Caller.Subscriber => HubRole.Subscriber,
            Caller.Engineer => HubRole.Engineer,
            Caller.Auditor => HubRole.Auditor,
            Caller.Admin => HubRole.Admin,
            _ => (HubRole?)null,
        };

        if (roles.Length == 0)
        {
            Assert.True(status is not (401 or 403), $"{method} {path} is anonymous but gave {status} to {caller}");
            return;
        }

        var expected = role is null ? 401 : roles.Contains(role.Value) ? (int?)null : 403;
        if (expected is { } code)
        {
            Assert.Equal(code, status);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            if (code == 403)
            {
                var required = problem.GetProperty("requiredRoles").EnumerateArray().Select(e => e.GetString()).ToList();
                Assert.Equal(roles.Select(HubRoles.Name).Order(), required.Order());
            }
            else
            {
                Assert.Equal("key." + caller.ToString().ToLowerInvariant(), problem.GetProperty("reason").GetString());
            }
        }
        else
        {
            Assert.True(status is not (401 or 403 or 429) and < 500, $"{method} {path} gave {status} to {caller}, who may call it");
        }
    }

    [Fact]
    public void Table_ListsEveryEndpointOfTheApp()
    {
        var endpoints = host.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var mapped = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in endpoints)
        {
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"];
            foreach (var method in methods)
            {
                mapped.Add(method + " " + Normalise(endpoint.RoutePattern.RawText));
            }
        }

        var listed = Endpoints.Select(e => e.Method + " " + Normalise(e.Pattern)).ToHashSet(StringComparer.Ordinal);
        var missing = mapped.Where(m => !listed.Contains(m)).ToList();
        Assert.True(missing.Count == 0, "endpoints missing from the matrix: " + string.Join("; ", missing));
    }

    private static string Normalise(string? pattern) => "/" + (pattern ?? "").Trim('/');
}
