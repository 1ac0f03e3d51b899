using Fleet.Common;

namespace Fleet.Access;

/// <summary>The password rule every entry point applies (bootstrap, admin page, own change).</summary>
public static class Passwords
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    public static FieldError? Check(string field, string? password) => password switch
    {
        null or "" => new FieldError(field, $"'{field}' is required."),
        { Length: < MinLength } => new FieldError(field, $"'{field}' must be at least {MinLength} characters."),
        { Length: > MaxLength } => new FieldError(field, $"'{field}' must be at most {MaxLength} characters."),
        _ when password.Any(char.IsControl) => new FieldError(field, $"'{field}' must not contain control characters."),
        _ => null,
    };
}
