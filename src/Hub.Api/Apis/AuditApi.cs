using System.Text.Json.Nodes;
using IntegrationHub.Core.Audit;
using IntegrationHub.Storage.Audit;
using IntegrationHub.Worker.Audit;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IntegrationHub.Api.Apis;

/// <summary>The audit log for auditors: <c>GET /api/v1/audit/verify</c>. One route group, so that authorization applies to it as a whole.</summary>
internal static class AuditApi
{
    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/audit");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAuditChain");
        return group;
    }

    /// <summary>Recomputes the whole chain and checks every seal; 200 either way, <c>ok</c> says which, <c>firstProblem</c> names the first bad entry.</summary>
    public static async Task<JsonHttpResult<JsonObject>> VerifyAsync(HttpContext http, AuditStore store, AuditKeys keys, CancellationToken cancellationToken)
    {
        var result = await store.VerifyAsync(keys.Trusted, cancellationToken);
        await store.AppendAsync(new AuditEvent("audit.verify", (Access.HubPrincipal.ClientId(http.User) ?? "anonymous"), RequestId: http.TraceIdentifier,
            Detail: System.Text.Json.JsonSerializer.Serialize(new { ok = result.Ok, entries = result.Entries, firstBad = result.FirstProblem?.Seq })), cancellationToken);
        return TypedResults.Json(new JsonObject
        {
            ["ok"] = result.Ok,
            ["entries"] = result.Entries,
            ["seals"] = result.Seals,
            ["lastSeq"] = result.LastSeq,
            ["lastSealedSeq"] = result.LastSealedSeq,
            ["elapsedMs"] = Math.Round(result.Elapsed.TotalMilliseconds, 1),
            ["firstProblem"] = result.FirstProblem is { } p
                ? new JsonObject { ["seq"] = p.Seq, ["kind"] = KindText(p.Kind), ["message"] = p.Message }
                : null,
        });
    }

    internal static string KindText(AuditProblemKind kind) => kind switch
    {
        AuditProblemKind.Modified => "modified",
        AuditProblemKind.Missing => "missing",
        AuditProblemKind.Unlinked => "unlinked",
        AuditProblemKind.BadSeal => "bad-seal",
        AuditProblemKind.SealMismatch => "seal-mismatch",
        _ => "truncated",
    };
}
