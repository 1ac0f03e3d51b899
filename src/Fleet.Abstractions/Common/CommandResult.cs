namespace Fleet.Common;

/// <summary>How a command ended. Grains answer with this instead of throwing, so that expected
/// refusals (validation, conflicts, unknown ids) are not logged as failures by the runtime.</summary>
public enum CommandStatus
{
    Created,
    Updated,
    Unchanged,
    Deleted,
    NotFound,
    Invalid,
    Conflict,
}

/// <summary>The outcome of a command on a grain, with the resulting view when there is one.
/// (A generic type's alias carries its arity, as Orleans requires to resolve it across silos.)</summary>
[GenerateSerializer, Immutable, Alias("fleet.command-result`1")]
public sealed record CommandResult<T>(
    [property: Id(0)] CommandStatus Status,
    [property: Id(1)] T? Value,
    [property: Id(2)] IReadOnlyList<FieldError> Errors,
    [property: Id(3)] string? Message)
{
    public bool Succeeded => Status is CommandStatus.Created or CommandStatus.Updated
        or CommandStatus.Unchanged or CommandStatus.Deleted;

    public static CommandResult<T> Ok(CommandStatus status, T? value) => new(status, value, [], null);
    public static CommandResult<T> NotFound(string message) => new(CommandStatus.NotFound, default, [], message);
    public static CommandResult<T> Conflict(string message) => new(CommandStatus.Conflict, default, [], message);
    public static CommandResult<T> Invalid(params FieldError[] errors) =>
        new(CommandStatus.Invalid, default, errors, "One or more fields are invalid.");
}
