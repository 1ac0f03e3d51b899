namespace Fleet.Enrolment;

/// <summary>A terminal's enrolment as operators see it: never the code, only whether one is live.</summary>
/// <param name="CodeIssuedAt">When the live enrolment code was issued; null when none is live.</param>
/// <param name="CodeExpiresAt">When the live enrolment code expires; null when none is live.</param>
/// <param name="Certificates">The terminal's unrevoked, unexpired certificates, oldest first.</param>
[GenerateSerializer, Immutable, Alias("fleet.terminal-credential-view")]
public sealed record TerminalCredentialView(
    [property: Id(0)] string TerminalId,
    [property: Id(1)] string StoreId,
    [property: Id(2)] DateTimeOffset? CodeIssuedAt,
    [property: Id(3)] DateTimeOffset? CodeExpiresAt,
    [property: Id(4)] IReadOnlyList<TerminalCertificate> Certificates);
