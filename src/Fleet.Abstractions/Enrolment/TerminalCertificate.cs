namespace Fleet.Enrolment;

/// <summary>A certificate a terminal holds as its own identity.</summary>
/// <param name="RenewedFrom">The certificate whose holder renewed into this one; null for an enrolment.</param>
[GenerateSerializer, Immutable, Alias("fleet.terminal-certificate")]
public sealed record TerminalCertificate(
    [property: Id(0)] string SerialNumber,
    [property: Id(1)] DateTimeOffset IssuedAt,
    [property: Id(2)] DateTimeOffset NotAfter,
    [property: Id(3)] string? RenewedFrom);
