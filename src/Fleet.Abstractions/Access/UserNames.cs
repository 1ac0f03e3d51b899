using System.Text.RegularExpressions;
using Fleet.Common;

namespace Fleet.Access;

/// <summary>Dashboard user names: case-insensitive, stored lower-case, a conservative alphabet so
/// that they are safe in URLs, logs and audit records.</summary>
public static partial class UserNames
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[a-z0-9][a-z0-9._@-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static string Normalize(string? name) => (name ?? "").Trim().ToLowerInvariant();

    public static FieldError? Check(string field, string? name)
    {
        var normalized = Normalize(name);
        if (normalized.Length == 0) return new FieldError(field, $"'{field}' is required.");
        if (normalized.Length > MaxLength) return new FieldError(field, $"'{field}' must be at most {MaxLength} characters.");
        return Pattern().IsMatch(normalized)
            ? null
            : new FieldError(field, $"'{field}' must be 2 to {MaxLength} letters, digits, '.', '_', '@' or '-', starting with a letter or digit.");
    }
}
