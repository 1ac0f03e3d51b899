namespace Fleet.Server.Health;

/// <summary>The <c>certificates</c> health section (JSON: active, expiringWithin30Days, revoked).</summary>
[GenerateSerializer, Immutable, Alias("fleet.health.certificates")]
public sealed record CertificatesHealth(
    [property: Id(0)] int Active, [property: Id(1)] int ExpiringWithin30Days, [property: Id(2)] int Revoked);
