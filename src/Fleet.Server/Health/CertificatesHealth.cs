namespace Fleet.Server.Health;

/// <summary>The <c>certificates</c> health section (JSON: active, expiringWithin30Days, revoked).</summary>
public sealed record CertificatesHealth(int Active, int ExpiringWithin30Days, int Revoked);
