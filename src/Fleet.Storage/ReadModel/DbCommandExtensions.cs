using System.Data.Common;

namespace Fleet.Storage.ReadModel;

internal static class DbCommandExtensions
{
    public static void AddParameter(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    public static string? GetNullableString(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? GetNullableInt64(this DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal));

    public static long GetInt64Any(this DbDataReader reader, int ordinal) => Convert.ToInt64(reader.GetValue(ordinal));

    public static DateTimeOffset? GetNullableTime(this DbDataReader reader, int ordinal) =>
        reader.GetNullableInt64(ordinal) is { } ms and >= 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
