using Fleet.Common;
using System.Security.Cryptography.X509Certificates;
using Fleet.Pki;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
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
        // SslStream ends a handshake it refuses here without a TLS alert (on Linux at least), so the
        // client sees only a closed connection: the reason is in this line.
        logger.LogInformation("Refused a client certificate at the TLS handshake ({Subject}): {Error}", copy.Subject, error);
        return false;
    }

    public async Task InvokeAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var presented = connection.Features.Get<ITlsConnectionFeature>()?.ClientCertificate;
        if (presented is not null)
        {
            // A POS's certificate or an enrolled terminal's own: never both (the terminal purpose
            // makes a certificate unreadable as a POS's).
            var pos = authority.Authority.ReadClientCertificate(presented);
            var terminal = pos is null ? authority.Authority.ReadTerminalCertificate(presented) : null;
            var serial = pos?.SerialNumber ?? terminal?.SerialNumber;
            var status = serial is null ? null : await grains.GetGrain<ICertificateGrain>(serial).Get();
            var refusal = serial is null ? "no Fleet identity"
                : status is null ? "never recorded"
                : status.IsRevoked ? "revoked"
                : !status.IsActiveAt(time.GetUtcNow()) ? "not valid now"
                : !Matches(status.Record, pos, terminal) ? "identity differs from its record"
                : null;
            if (refusal is not null)
            {
                logger.LogInformation("Closed a connection from {Address} presenting certificate {Serial}: {Why}.",
                    connection.RemoteEndPoint, serial ?? presented.SerialNumber, refusal);
                await CloseAsync(connection);
                return;
            }

            if (pos is not null) connection.Features.Set(new DeviceClientFeature(pos));
            else connection.Features.Set(new TerminalClientFeature(terminal!));
        }

        await next(connection);
    }

    /// <summary>Is the certificate recorded under <paramref name="serial"/> still good now? Asked again
    /// on every mutual-TLS request, so revocation also ends kept-alive connections.</summary>
    public async Task<bool> IsActiveAsync(string serial) =>
        await grains.GetGrain<ICertificateGrain>(serial).Get() is { } status && status.IsActiveAt(time.GetUtcNow());

    // The record is what Fleet issued under this serial: a terminal's certificate must be recorded as
    // a terminal's, for that terminal, and a POS's as a POS's.
    private static bool Matches(CertificateRecord record, ClientCertificateInfo? pos, TerminalCertificateInfo? terminal) =>
        terminal is not null
            ? record.IsTerminalCredential && record.TerminalId == terminal.TerminalId
            : !record.IsTerminalCredential && pos is not null;

    /// <summary>The handshake is over, so no handshake alert can be sent any more; a TLS close
    /// (close_notify) at least tells the client the server ended the session on purpose, before
    /// the connection is dropped, rather than a bare reset.</summary>
    private static async Task CloseAsync(ConnectionContext connection)
    {
        if (connection.Features.Get<ISslStreamFeature>()?.SslStream is { } tls)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await tls.ShutdownAsync().WaitAsync(timeout.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
            {
                // The client is already gone: nothing to tell it.
            }
        }
        connection.Abort(new ConnectionAbortedException("The client certificate is not accepted."));
    }
}
