using System.Net;
using WebhookReceiver;

// A verifying webhook receiver for IntegrationHub's change feed, for subscribers to copy from.
//   dotnet run --project samples/webhook-receiver -- --secret whsec_... [--secret whsec_old...] [--port 8085]
// Listens on http://127.0.0.1:PORT/, verifies each POST (signature, timestamp within 5 minutes, duplicate ids),
// prints one line per event and answers 204 (or 400/401 when verification fails).
// A hub sends webhooks to http://127.0.0.1 only when allowed to (Hub:Feeds:Webhooks:AllowHttp and AllowedNetworks
// 127.0.0.1/32): see docs/feeds.md.
var secrets = new List<string>();
var port = 8085;
for (var i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--secret":
            secrets.Add(args[i + 1]);
            break;
        case "--port":
            port = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            break;
    }
}

if (secrets.Count == 0)
{
    Console.Error.WriteLine("usage: webhook-receiver --secret whsec_... [--secret whsec_previous...] [--port 8085]");
    return 2;
}

var verifier = new StandardWebhookVerifier(secrets, TimeSpan.FromMinutes(5));
using var listener = new HttpListener();
listener.Prefixes.Add($"http://127.0.0.1:{port}/");
listener.Start();
Console.WriteLine($"listening on http://127.0.0.1:{port}/");
while (true)
{
    var context = await listener.GetContextAsync();
    using var buffer = new MemoryStream();
    await context.Request.InputStream.CopyToAsync(buffer);
    var body = buffer.ToArray();
    var result = verifier.Verify(
        context.Request.Headers["webhook-id"], context.Request.Headers["webhook-timestamp"], context.Request.Headers["webhook-signature"], body, DateTimeOffset.UtcNow);
    context.Response.StatusCode = result switch
    {
        StandardWebhookVerifier.Result.Accepted or StandardWebhookVerifier.Result.Duplicate => 204,
        StandardWebhookVerifier.Result.BadSignature => 401,
        _ => 400,
    };

    // Print the event id and outcome only: the body carries personal data and belongs in the subscriber's own store.
    Console.WriteLine($"{context.Request.Headers["webhook-id"]} {result}");
    context.Response.Close();
}
