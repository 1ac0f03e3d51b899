using Fleet.Common;
using Fleet.Pki;

namespace Fleet.Server.Pki;

/// <summary>The RFC 6960 responder, answering from the certificate grains (the same truth the
/// TLS gate uses): unknown serial → unknown, revoked → revoked with time and reason, else good.</summary>
public sealed class OcspService(AuthorityHost authority, IGrainFactory grains, FleetClock time)
{
    private OcspResponder? _responder;

    public Task<byte[]> RespondAsync(byte[] request, CancellationToken ct)
    {
        _responder ??= new OcspResponder(authority.Authority, LookupAsync, time);
        return _responder.RespondAsync(request, ct);
    }

    private async ValueTask<OcspStatus> LookupAsync(string serial, CancellationToken ct)
    {
        var view = await grains.GetGrain<ICertificateGrain>(serial).Get();
        if (view is null) return OcspStatus.Unknown;
        return view.RevokedAt is { } at ? OcspStatus.Revoked(at, (RevocationReason)(view.ReasonCode ?? 0)) : OcspStatus.Good;
    }
}
