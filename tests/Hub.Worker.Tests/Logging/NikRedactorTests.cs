using IntegrationHub.Worker.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IntegrationHub.Worker.Tests.Logging;

public sealed class NikRedactorTests
{
    [Theory]
    [InlineData("GET /api/v1/persons/3201011205900001", "GET /api/v1/persons/3201********0001")]
    [InlineData("3201011205900001,3201015205900002", "3201********0001,3201********0002")]
    [InlineData("npwp=1234567890123456.", "npwp=1234********3456.")]
    [InlineData("a 15-digit 320101120590000 stays", "a 15-digit 320101120590000 stays")]
    [InlineData("a 17-digit 32010112059000011 stays", "a 17-digit 32010112059000011 stays")]
    [InlineData("", "")]
    public void Redact_MasksExactlySixteenDigitRuns(string text, string expected)
    {
        Assert.Equal(expected, NikRedactor.Redact(text));
    }

    [Fact]
    public void Formatter_MasksMessageStateScopeAndException()
    {
        var formatter = new RedactingJsonConsoleFormatter();
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push(new Dictionary<string, object?> { ["RequestPath"] = "/api/v1/persons/3201011205900001" });
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            LogLevel.Information,
            "Test",
            new EventId(7),
            [new("Nik", "3201011205900001"), new("{OriginalFormat}", "looked up {Nik}")],
            new InvalidOperationException("duplicate key 3201011205900001"),
            (_, _) => "looked up 3201011205900001");
        using var output = new StringWriter();

        formatter.Write(entry, scopes, output);

        var line = output.ToString();
        Assert.DoesNotContain("3201011205900001", line, StringComparison.Ordinal);
        Assert.Contains("\"message\":\"looked up 3201********0001\"", line, StringComparison.Ordinal);
        Assert.Contains("\"Nik\":\"3201********0001\"", line, StringComparison.Ordinal);
        Assert.Contains("\"RequestPath\":\"/api/v1/persons/3201********0001\"", line, StringComparison.Ordinal);
        Assert.Contains("duplicate key 3201********0001", line, StringComparison.Ordinal);
        Assert.Contains("\"eventId\":7", line, StringComparison.Ordinal);
    }
}
