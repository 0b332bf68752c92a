using System.CommandLine;
using System.Globalization;
using IntegrationHub.Core.Access;
using IntegrationHub.Storage;
using IntegrationHub.Storage.Access;
using IntegrationHub.Worker.Access;

namespace IntegrationHub.Worker.Cli;

/// <summary>
/// <c>hub clients create|list|show|rotate|revoke</c> and <c>hub policies set|list|remove</c>: the operator's
/// command line for API clients, keys and access policies. A key is printed once, to stdout, and never logged.
/// Each change is audited with the actor <c>cli:&lt;user&gt;</c>.
/// </summary>
internal static class AccessCommands
{
    private static string Actor => "cli:" + Environment.UserName;

    public static Command Clients(CommandContext context)
    {
        var command = new Command("clients", "Manage API clients and their keys.");

        var id = new Argument<string>("client-id") { Description = "The client's id: 2 to 64 of a-z, 0-9 and '-', starting with a letter." };
        var roles = new Option<string[]>("--role", "-r") { Description = "A role: subscriber, engineer, auditor or admin (repeat for several).", Required = true, AllowMultipleArgumentsPerToken = true };
        var name = new Option<string?>("--name") { Description = "A description for people (default: the id)." };
        var expires = new Option<string?>("--expires") { Description = "When the key stops working (ISO 8601 date or time, UTC); default: never.", HelpName = "WHEN" };
        var create = new Command("create", "Create a client and print its first key (once).") { id, roles, name, expires };
        create.SetAction((parse, ct) => RunAsync(context, async (admin, database) =>
        {
            var parsedRoles = new List<HubRole>();
            foreach (var text in parse.GetValue(roles) ?? [])
            {
                foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    if (!HubRoles.TryParse(part, out var role))
                    {
                        return await BadAsync(context, $"unknown role '{part}': use subscriber, engineer, auditor or admin.");
                    }

                    parsedRoles.Add(role);
                }
            }

            if (!TryParseTime(parse.GetValue(expires), out var expiresAt))
            {
                return await BadAsync(context, "--expires must be an ISO 8601 date or time, e.g. 2027-06-30 or 2027-06-30T12:00:00Z.");
            }

            var clientId = parse.GetRequiredValue(id);
            var (client, key) = await admin.CreateClientAsync(Actor, clientId, parse.GetValue(name) ?? clientId, parsedRoles, expiresAt, null, ct);
            await context.Out.WriteLineAsync($"client {client.ClientId} created, roles {HubRoles.Format(client.Roles)}, key id {key.KeyId}");
            await context.Out.WriteLineAsync("key (shown once; store it now):");
            await context.Out.WriteLineAsync(key.Key);
            return HubCommandLine.Ok;
        }, ct));

        var list = new Command("list", "List clients and their roles.");
        list.SetAction((_, ct) => RunAsync(context, async (_, database) =>
        {
            foreach (var client in await database.Access.ListClientsAsync(ct))
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{client.ClientId,-24} {HubRoles.Format(client.Roles),-30} {(client.RevokedAt is { } r ? "revoked " + r.ToString("O", CultureInfo.InvariantCulture) : "active")}  {client.Name}"));
            }

            return HubCommandLine.Ok;
        }, ct));

        var showId = new Argument<string>("client-id");
        var show = new Command("show", "Show a client, its keys (ids and states, never secrets) and its policies.") { showId };
        show.SetAction((parse, ct) => RunAsync(context, async (_, database) =>
        {
            var clientId = parse.GetRequiredValue(showId);
            if (await database.Access.GetClientAsync(clientId, ct) is not { } found)
            {
                return await BadAsync(context, $"client '{clientId}' does not exist.");
            }

            var now = DateTimeOffset.UtcNow;
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"client {found.Client.ClientId} ({found.Client.Name}), roles {HubRoles.Format(found.Client.Roles)}, created {found.Client.CreatedAt:O}{(found.Client.RevokedAt is { } r ? $", revoked {r:O}" : "")}"));
            foreach (var key in found.Keys)
            {
                var state = key.RevokedAt is { } kr ? $"revoked {kr:O}" : key.ExpiresAt is { } e && e <= now ? $"expired {e:O}" : key.ExpiresAt is { } e2 ? $"active until {e2:O}" : "active";
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  key {key.KeyId}  created {key.CreatedAt:O}  {state}"));
            }

            foreach (var policy in await database.Access.ListPoliciesAsync(clientId, ct))
            {
                await context.Out.WriteLineAsync($"  policy {policy.Purpose}: fields {string.Join(',', policy.Fields.Order(StringComparer.Ordinal))}; events {string.Join(',', policy.EventTypes.Order(StringComparer.Ordinal))}");
            }

            return HubCommandLine.Ok;
        }, ct));

        var rotateId = new Argument<string>("client-id");
        var overlap = new Option<string?>("--overlap") { Description = "How long the old keys keep working: e.g. 30m, 12h, 7d (default: they stop now).", HelpName = "DURATION" };
        var rotateExpires = new Option<string?>("--expires") { Description = "When the new key stops working (ISO 8601, UTC); default: never.", HelpName = "WHEN" };
        var rotate = new Command("rotate", "Issue a new key for a client and print it (once).") { rotateId, overlap, rotateExpires };
        rotate.SetAction((parse, ct) => RunAsync(context, async (admin, _) =>
        {
            if (!TryParseDuration(parse.GetValue(overlap), out var span))
            {
                return await BadAsync(context, "--overlap must be a duration such as 30m, 12h or 7d.");
            }

            if (!TryParseTime(parse.GetValue(rotateExpires), out var expiresAt))
            {
                return await BadAsync(context, "--expires must be an ISO 8601 date or time.");
            }

            var clientId = parse.GetRequiredValue(rotateId);
            if (await admin.RotateAsync(Actor, clientId, span, expiresAt, null, ct) is not { } key)
            {
                return await BadAsync(context, $"client '{clientId}' does not exist or is revoked.");
            }

            await context.Out.WriteLineAsync($"client {clientId}: new key id {key.KeyId}; old keys {(span is { } s && s > TimeSpan.Zero ? "work for " + parse.GetValue(overlap) : "revoked")}");
            await context.Out.WriteLineAsync("key (shown once; store it now):");
            await context.Out.WriteLineAsync(key.Key);
            return HubCommandLine.Ok;
        }, ct));

        var revokeId = new Argument<string>("client-id");
        var revoke = new Command("revoke", "Revoke a client and every key it has.") { revokeId };
        revoke.SetAction((parse, ct) => RunAsync(context, async (admin, _) =>
        {
            var clientId = parse.GetRequiredValue(revokeId);
            if (!await admin.RevokeAsync(Actor, clientId, null, ct))
            {
                return await BadAsync(context, $"client '{clientId}' does not exist or is already revoked.");
            }

            await context.Out.WriteLineAsync($"client {clientId} revoked");
            return HubCommandLine.Ok;
        }, ct));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        command.Subcommands.Add(rotate);
        command.Subcommands.Add(revoke);
        return command;
    }

    public static Command Policies(CommandContext context)
    {
        var command = new Command("policies", "Manage access policies: per client and purpose, the fields and event types it may receive.");

        var client = new Argument<string>("client-id");
        var purpose = new Argument<string>("purpose") { Description = "The purpose (legal-basis code), e.g. bansos-verification." };
        var fields = new Option<string[]>("--fields", "-f") { Description = "Canonical fields, comma-separated or repeated (e.g. name.full,birthDate).", Required = true, AllowMultipleArgumentsPerToken = true };
        var events = new Option<string[]>("--events", "-e") { Description = "Change-event types, comma-separated or repeated.", AllowMultipleArgumentsPerToken = true };
        var set = new Command("set", "Create or replace a client's policy for a purpose.") { client, purpose, fields, events };
        set.SetAction((parse, ct) => RunAsync(context, async (admin, _) =>
        {
            var policy = await admin.SetPolicyAsync(Actor, parse.GetRequiredValue(client), parse.GetRequiredValue(purpose), Split(parse.GetValue(fields)), Split(parse.GetValue(events)), null, ct);
            await context.Out.WriteLineAsync($"policy {policy.PolicyId}: fields {string.Join(',', policy.Fields.Order(StringComparer.Ordinal))}; events {string.Join(',', policy.EventTypes.Order(StringComparer.Ordinal))}");
            return HubCommandLine.Ok;
        }, ct));

        var listClient = new Option<string?>("--client") { Description = "Only this client's policies." };
        var list = new Command("list", "List policies.") { listClient };
        list.SetAction((parse, ct) => RunAsync(context, async (_, database) =>
        {
            foreach (var policy in await database.Access.ListPoliciesAsync(parse.GetValue(listClient), ct))
            {
                await context.Out.WriteLineAsync($"{policy.ClientId,-24} {policy.Purpose,-28} fields {string.Join(',', policy.Fields.Order(StringComparer.Ordinal))}; events {string.Join(',', policy.EventTypes.Order(StringComparer.Ordinal))}");
            }

            return HubCommandLine.Ok;
        }, ct));

        var removeClient = new Argument<string>("client-id");
        var removePurpose = new Argument<string>("purpose");
        var remove = new Command("remove", "Remove a client's policy for a purpose.") { removeClient, removePurpose };
        remove.SetAction((parse, ct) => RunAsync(context, async (admin, _) =>
        {
            var (c, p) = (parse.GetRequiredValue(removeClient), parse.GetRequiredValue(removePurpose));
            if (!await admin.RemovePolicyAsync(Actor, c, p, null, ct))
            {
                return await BadAsync(context, $"client '{c}' has no policy for purpose '{p}'.");
            }

            await context.Out.WriteLineAsync($"policy {c}/{p} removed");
            return HubCommandLine.Ok;
        }, ct));

        command.Subcommands.Add(set);
        command.Subcommands.Add(list);
        command.Subcommands.Add(remove);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, Func<AccessAdministration, HubDatabase, Task<int>> action, CancellationToken cancellationToken)
    {
        await using var database = context.OpenDatabase();
        if (database is null)
        {
            return HubCommandLine.BadInput;
        }

        try
        {
            await database.Migrator.MigrateAsync(cancellationToken);
            if (AuditCommand.Open(context, database) is not { } audit)
            {
                return HubCommandLine.BadInput;
            }

            await using var store = audit.Store;
            using var keys = audit.Keys;
            return await action(new AccessAdministration(database, store), database);
        }
        catch (AccessStoreException ex)
        {
            return await BadAsync(context, ex.Message);
        }
    }

    private static async Task<int> BadAsync(CommandContext context, string message)
    {
        await context.Error.WriteLineAsync("hub: " + message);
        return HubCommandLine.BadInput;
    }

    private static List<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    internal static bool TryParseTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        return false;
    }

    internal static bool TryParseDuration(string? text, out TimeSpan? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var unit = text[^1];
        if (!double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
        {
            return false;
        }

        value = unit switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
        return value is not null;
    }
}
