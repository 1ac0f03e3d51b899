using System.Text.RegularExpressions;

namespace Fleet.Common;

/// <summary>The shape every id in Fleet must have. Ids appear in URLs, file names of exports and
/// certificate SANs, so they are kept to a conservative, printable alphabet.</summary>
public static partial class Ids
{
    public const int MaxLength = 64;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    public static FieldError? Check(string field, string? id) => id switch
    {
        null or "" => new FieldError(field, $"'{field}' is required."),
        { Length: > MaxLength } => new FieldError(field, $"'{field}' must be at most {MaxLength} characters."),
        _ when !IsValid(id) => new FieldError(field,
            $"'{field}' may contain only letters, digits, '.', '_', ':' and '-', and must start with a letter or digit."),
        _ => null,
    };
}
