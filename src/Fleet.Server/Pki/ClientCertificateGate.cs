using Fleet.Common;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Fleet.Server.Pki;

/// <summary>
/// The device listener's client-certificate check, in two halves. During the TLS handshake
/// (<see cref="ValidateDuringHandshake"/>) the chain must lead to Fleet's root with clientAuth and
/// be within validity: a foreign or expired certificate fails the handshake itself. Right after the
/// handshake, before any HTTP byte is read (<see cref="InvokeAsync"/>), the certificate's grain is
/// asked whether it is recorded and unrevoked; if not, the connection is dropped. The grain is the
/// one truth for every silo, so a revocation holds on the very next connection anywhere.
/// </summary>
public sealed class ClientCertificateGate(AuthorityHost authority, IGrainFactory grains, FleetClock time, ILogger<ClientCertificateGate> logger)
{
    /// <summary>SslStream's validation callback: no certificate is fine (pairing, <c>/ca.pem</c>);
    /// a presented one must chain to our root.</summary>
    public bool ValidateDuringHandshake(X509Certificate? certificate)
    {
        if (certificate is null) return true;
        using var copy = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (authority.Authority.VerifyChain(copy, out var error)) return true;
        logger.LogInformation("Refused a client certificate at the TLS handshake: {Error}", error);
        return false;
    }

    public async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var presented = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        if (presented is not null)
        {
            var info = authority.Authority.ReadClientCertificate(presented);
            var status = info is null ? null : await grains.GetGrain<ICertificateGrain>(info.SerialNumber).Get();
            if (info is null || status is null || !status.IsActiveAt(time.GetUtcNow()))
            {
                logger.LogInformation("Dropped a connection presenting certificate {Serial}: {Why}.",
                    info?.SerialNumber ?? presented.SerialNumber,
                    info is null ? "no Fleet identity" : status is null ? "never recorded" : status.IsRevoked ? "revoked" : "not valid now");
                connection.Abort(new ConnectionAbortedException("The client certificate is not accepted."));
                return;
            }

            connection.Features.Set(new DeviceClientFeature(info));
        }

        await next(connection);
    }
}
