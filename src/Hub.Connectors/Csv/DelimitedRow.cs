namespace IntegrationHub.Connectors.Csv;

/// <summary>One data row of a delimited file: its 1-based physical line, its fields in header order, and its raw text.</summary>
public sealed record DelimitedRow(long Line, IReadOnlyList<string> Fields, string Raw);

/// <summary>A row the reader could not split into the header's fields, with the reason (<c>csv.FieldCount</c>, <c>csv.LineBreakInQuotes</c>, ...).</summary>
public sealed record MalformedRow(long Line, string Reason, string Message, string Raw);
