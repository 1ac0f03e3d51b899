namespace Fleet.Common;

/// <summary>A problem with one field of a request, reported back to the caller as it is.</summary>
[GenerateSerializer, Immutable, Alias("fleet.field-error")]
public sealed record FieldError([property: Id(0)] string Field, [property: Id(1)] string Message);
