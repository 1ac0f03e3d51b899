using Fleet.Pki;
using Fleet.Server.Apis.Models;
using Fleet.Server.Audit;
using Fleet.Server.Pki;

namespace Fleet.Server.Services;

/// <summary>The fleet CA as headquarters manages it, for the REST API and the dashboard alike.</summary>
public sealed class CertificateAuthorityService(AuthorityHost authority, IGrainFactory grains, AuditTrail audit)
{
    /// <summary>This silo's loaded CA (never a key is exposed through it by the callers).</summary>
    public AuthorityHost Authority => authority;

    /// <summary>Replaces the issuing CA: this silo reloads at once, the others within
    /// <c>AuthorityRefresher.Interval</c>; the CRL is re-signed by the new issuing CA.</summary>
    public async Task RotateIssuingAsync()
    {
        await grains.GetGrain<ICertificateAuthorityGrain>(ICertificateAuthorityGrain.FleetKey).RotateIssuing();
        await authority.RefreshAsync(grains);
        await grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).Regenerate();
        var resource = CertificateAuthorityResource.From(authority);
        await audit.RecordAsync("ca.issuing-rotated", AuditTargets.CertificateAuthority, "issuing",
            new { resource.Generation, issuingSerial = resource.Issuing.SerialNumber, resource.Issuing.Sha256Fingerprint });
    }

    public Task<CrlSnapshot> GetCrlAsync() => grains.GetGrain<ICrlGrain>(ICrlGrain.FleetKey).Get();
}
