namespace Fleet.Licences;

/// <summary>One change to an activation: who (a Fleet API key id, or <c>cash-register</c> for the
/// POS itself), when, what and why.</summary>
[GenerateSerializer, Immutable, Alias("fleet.licence-audit-entry")]
public sealed record LicenceAuditEntry(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string Action,
    [property: Id(2)] string Actor,
    [property: Id(3)] string? Reason);
