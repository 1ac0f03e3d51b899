using Fleet.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fleet.Pki;

public sealed class CertificateAuthorityGrain(
    [PersistentState(CertificateAuthorityGrain.StateName, FleetStorage.Name)] IPersistentState<CertificateAuthorityState> authority,
    KeyProtector protector,
    IOptions<CertificateAuthorityOptions> options,
    FleetClock time,
    ILogger<CertificateAuthorityGrain> logger) : Grain, ICertificateAuthorityGrain
{
    /// <summary>The name its state is stored under (read directly by <see cref="AuthorityRecordStore"/>).</summary>
    public const string StateName = "authority";

    public async Task<AuthorityMaterial> GetOrCreate()
    {
        if (authority.State.Material is { } existing) return existing;

        var created = CertificateAuthorityFactory.Create(options.Value, protector, time);
        authority.State.Material = ToRecord(created, generation: 1);
        authority.State.CreatedAt = time.GetUtcNow();
        await authority.WriteStateAsync();
        logger.LogInformation("Created the fleet certificate authority ({Algorithm}).", created.Algorithm);
        return authority.State.Material;
    }

    public Task<int> GetGeneration() => Task.FromResult(authority.State.Material?.Generation ?? 0);

    public async Task<AuthorityMaterial> RotateIssuing()
    {
        var current = await GetOrCreate();
        using var ca = new CertificateAuthority(ToMaterial(current), protector, time, options.Value);
        var rotated = ca.RotateIssuing();
        authority.State.Material = ToRecord(rotated, current.Generation + 1);
        await authority.WriteStateAsync();
        logger.LogWarning("Rotated the fleet's issuing CA (generation {Generation}).", authority.State.Material.Generation);
        return authority.State.Material;
    }

    public static CertificateAuthorityMaterial ToMaterial(AuthorityMaterial r) => new(
        r.RootCertificatePem, r.RootKeyProtected, r.IssuingCertificatePem, r.IssuingKeyProtected,
        r.PreviousIssuingCertificatesPem, Enum.Parse<CaKeyAlgorithm>(r.Algorithm));

    internal static AuthorityMaterial ToRecord(CertificateAuthorityMaterial m, int generation) => new(
        m.RootCertificatePem, m.RootKeyProtected, m.IssuingCertificatePem, m.IssuingKeyProtected,
        m.PreviousIssuingCertificatesPem.ToArray(), m.Algorithm.ToString(), generation);
}
