using System.Globalization;

namespace IntegrationHub.Storage.Internal;

/// <summary>
/// What differs between the two databases beyond the SQL text: how ids and times are bound and read.
/// SQLite keeps both as text (ISO 8601 UTC, canonical Guid form); PostgreSQL as uuid and timestamptz.
/// </summary>
internal abstract class SqlDialect
{
    public static readonly SqlDialect Sqlite = new SqliteDialect();
    public static readonly SqlDialect Postgres = new PostgresDialect();

    public abstract DatabaseProvider Provider { get; }

    public abstract object Id(Guid id);

    public abstract object Time(DateTimeOffset time);

    public abstract object? Time(DateTimeOffset? time);

    public static Guid ReadId(object value) => value switch
    {
        Guid g => g,
        string s => Guid.Parse(s, CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"Cannot read an id from {value.GetType().Name}."),
    };

    public static DateTimeOffset ReadTime(object value) => value switch
    {
        DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
        DateTimeOffset dto => dto,
        string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        _ => throw new InvalidCastException($"Cannot read a time from {value.GetType().Name}."),
    };

    public static DateTimeOffset? ReadNullableTime(object? value) => value is null or DBNull ? null : ReadTime((object)value);

    private sealed class SqliteDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public override object Id(Guid id) => id.ToString("D", CultureInfo.InvariantCulture);

        // Fixed-width UTC text sorts in time order, so range scans on it work.
        public override object Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

        public override object? Time(DateTimeOffset? time) => time is { } t ? Time(t) : null;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override DatabaseProvider Provider => DatabaseProvider.Postgres;

        public override object Id(Guid id) => id;

        public override object Time(DateTimeOffset time) => time.UtcDateTime;

        public override object? Time(DateTimeOffset? time) => time?.UtcDateTime;
    }
}
