namespace Fleet.Common;

/// <summary>Collects the field errors of one request.</summary>
public static class Validation
{
    public static IReadOnlyList<FieldError> Collect(params FieldError?[] errors) =>
        errors.Where(e => e is not null).Select(e => e!).ToArray();
}
