using Fleet.Storage.ReadModel;

namespace Fleet.Server.Health;

/// <summary>The <c>certificates</c> section of the health report: active POS certificates, those
/// expiring within 30 days (the ones to renew) and revoked ones still on the CRL.</summary>
public sealed class CertificatesHealthSection(FleetReadModel readModel) : IFleetHealthSection
{
    public static readonly TimeSpan ExpiringWithin = TimeSpan.FromDays(30);

    public string Name => "certificates";

    public async Task<object> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        var counts = await readModel.GetCertificateCountsAsync(now, ExpiringWithin, ct);
        return new CertificatesHealth(counts.Active, counts.ExpiringSoon, counts.Revoked);
    }
}
