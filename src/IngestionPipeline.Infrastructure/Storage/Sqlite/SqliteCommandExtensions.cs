using System.Globalization;
using Microsoft.Data.Sqlite;

namespace IngestionPipeline.Infrastructure.Storage.Sqlite;

/// <summary>Parameter and column conversions, kept in one place so every table encodes values the same way.</summary>
internal static class SqliteCommandExtensions
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        SqliteStoreMetrics.CommandCounter.Add(1);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value switch
        {
            null => DBNull.Value,
            Guid id => FormatId(id),
            DateTimeOffset at => FormatTimestamp(at),
            _ => value,
        });
        return command;
    }

    public static string FormatId(Guid id) => id.ToString("D");

    // "O" keeps the offset and full precision, so a value read back equals the one written.
    public static string FormatTimestamp(DateTimeOffset at) => at.ToString("O", CultureInfo.InvariantCulture);

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? GetNullableInt32(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static Guid GetId(this SqliteDataReader reader, int ordinal) =>
        Guid.ParseExact(reader.GetString(ordinal), "D");

    public static DateTimeOffset GetTimestamp(this SqliteDataReader reader, int ordinal) =>
        DateTimeOffset.ParseExact(reader.GetString(ordinal), "O", CultureInfo.InvariantCulture, DateTimeStyles.None);
}
