namespace Fleet.Common;

/// <summary>Checks shared by every free-text field, so that all entry points (REST, import,
/// dashboard) refuse the same things with the same words.</summary>
public static class Text
{
    public static FieldError? Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value)
            ? new FieldError(field, $"'{field}' is required.")
            : Optional(field, value, maxLength);

    public static FieldError? Optional(string field, string? value, int maxLength)
    {
        if (value is null) return null;
        if (value.Length > maxLength) return new FieldError(field, $"'{field}' must be at most {maxLength} characters.");
        if (value.Any(char.IsControl)) return new FieldError(field, $"'{field}' must not contain control characters.");
        return null;
    }
}
