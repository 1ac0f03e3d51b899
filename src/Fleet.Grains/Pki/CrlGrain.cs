using Fleet.Common;
using Fleet.Pairing;
using Fleet.Storage.ReadModel;
using Microsoft.Extensions.Options;

namespace Fleet.Pki;

/// <summary>The fleet's CRL. Its entries come from the certificates read model, which the
/// certificate grains update in the same transaction as their state, so a regeneration that
/// follows a revocation always includes it. The CRL number is stored, so it only ever grows.</summary>
public sealed class CrlGrain(
    [PersistentState("crl", FleetStorage.Name)] IPersistentState<CrlState> crl,
    FleetReadModel readModel,
    ISiloAuthority authority,
    IOptions<PairingOptions> options,
    FleetClock time) : Grain, ICrlGrain
{
    public async Task<CrlSnapshot> Get()
    {
        var current = crl.State.Current;
        if (current is not null && time.GetUtcNow() - current.ThisUpdate < options.Value.CrlRefreshAfter) return current;
        return await Regenerate();
    }

    public async Task<CrlSnapshot> Regenerate()
    {
        var now = time.GetUtcNow();
        // Whole seconds: that is all a CRL's UTCTime carries, and thisUpdate should equal what is signed.
        now = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var revoked = await readModel.ListRevokedCertificatesAsync(now);
        var number = (crl.State.Current?.CrlNumber ?? 0) + 1;
        var next = now + options.Value.CrlValidity;
        var der = authority.Authority.GenerateCrl(
            revoked.Select(r => new RevokedCertificate(r.SerialNumber, r.RevokedAt, (RevocationReason)r.ReasonCode)),
            number, now, next);
        crl.State.Current = new CrlSnapshot(number, now, next, der);
        await crl.WriteStateAsync();
        return crl.State.Current;
    }
}
