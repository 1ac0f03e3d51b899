namespace Fleet.Storage.ReadModel;

/// <summary>A list query the caller got wrong (bad cursor, unknown sort column); answered as 400.</summary>
public sealed class InvalidQueryException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
