using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace IntegrationHub.Worker.Logging;

/// <summary>
/// Structured JSON log lines (one object per line) with every string value passed through
/// <see cref="NikRedactor"/>: message, state values, scopes (request and run correlation ids) and exceptions.
/// </summary>
public sealed class RedactingJsonConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    // Log lines are read in terminals and log stores, not embedded in HTML: keep '+', accents and dashes readable.
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The name to select this formatter with (<c>Logging:Console:FormatterName</c>).</summary>
    public const string FormatterName = "hub-json";

    /// <inheritdoc/>
    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter?.Invoke(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            json.WriteStartObject();
            json.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            json.WriteString("level", logEntry.LogLevel.ToString());
            json.WriteString("category", logEntry.Category);
            json.WriteNumber("eventId", logEntry.EventId.Id);
            json.WriteString("message", NikRedactor.Redact(message));
            if (logEntry.Exception is { } exception)
            {
                json.WriteString("exception", NikRedactor.Redact(exception.ToString()));
            }

            if (logEntry.State is IEnumerable<KeyValuePair<string, object?>> state)
            {
                json.WriteStartObject("state");
                foreach (var (key, value) in state)
                {
                    if (key != "{OriginalFormat}")
                    {
                        json.WriteString(key, NikRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture)));
                    }
                }

                json.WriteEndObject();
            }

            if (scopeProvider is not null)
            {
                json.WriteStartObject("scope");
                scopeProvider.ForEachScope(
                    static (scope, writer) =>
                    {
                        if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                        {
                            foreach (var (key, value) in pairs)
                            {
                                if (key != "{OriginalFormat}")
                                {
                                    writer.WriteString(key, NikRedactor.Redact(Convert.ToString(value, CultureInfo.InvariantCulture)));
                                }
                            }
                        }
                    },
                    json);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        textWriter.WriteLine(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }
}
