using Fleet.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Pki;

public sealed class CertificateAuthorityGrain(
    [PersistentState("authority", FleetStorage.Name)] IPersistentState<CertificateAuthorityState> authority,
    KeyProtector protector,
    IOptions<CertificateAuthorityOptions> options,
    TimeProvider time,
    ILogger<CertificateAuthorityGrain> logger) : Grain, ICertificateAuthorityGrain
{
    public async Task<AuthorityMaterial> GetOrCreate()
    {
        if (authority.State.Material is { } existing) return existing;

        var created = CertificateAuthorityFactory.Create(options.Value, protector, time);
        authority.State.Material = ToRecord(created);
        authority.State.CreatedAt = time.GetUtcNow();
        await authority.WriteStateAsync();
        logger.LogInformation("Created the fleet certificate authority ({Algorithm}).", created.Algorithm);
        return authority.State.Material;
    }

    private static AuthorityMaterial ToRecord(CertificateAuthorityMaterial m) => new(
        m.RootCertificatePem, m.RootKeyProtected, m.IssuingCertificatePem, m.IssuingKeyProtected,
        m.PreviousIssuingCertificatesPem.ToArray(), m.Algorithm.ToString());
}
