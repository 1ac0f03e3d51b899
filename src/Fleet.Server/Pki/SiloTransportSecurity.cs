using System.Net.Security;
using System.Security.Authentication;
using Orleans.Configuration;
using Orleans.Connections.Security;

namespace Fleet.Server.Pki;

/// <summary>
/// Mutual TLS on every Orleans connection: silo to silo (both directions) and gateway clients. Each
/// side presents its Fleet silo certificate and admits the other only with one
/// (<see cref="SiloCertificates.Admits"/>): a plain Orleans client or silo cannot even finish the
/// handshake, and neither can one with any other certificate, a Fleet POS certificate included.
/// </summary>
public static class SiloTransportSecurity
{
    public static ISiloBuilder UseFleetTransportSecurity(this ISiloBuilder silo)
    {
        silo.Services.AddSingleton<SiloCertificates>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloCertificateStartup>();
        // What Orleans' UseTls does, with the certificate from DI (it is issued after the container is built).
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<SiloCertificates>((connections, certificates) =>
        {
            var tls = Options(certificates);
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(tls));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(tls));
        });
        return silo;
    }

    private static TlsOptions Options(SiloCertificates certificates) => new()
    {
        // Both ends are Fleet silos on .NET: nothing older than TLS 1.3 is needed.
        SslProtocols = SslProtocols.Tls13,
        RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
        // Our check decides, not the machine's trust store (which does not hold Fleet's root, and
        // must not be what admits a silo) nor the host name (every silo of a fleet is alike).
        RemoteCertificateValidation = (certificate, chain, _) => certificates.Admits(certificate, chain),
        // Orleans wants a certificate source up front; the handshakes below use the context instead,
        // which also sends the issuing CA and follows renewals and rotations.
        LocalServerCertificateSelector = (_, _) => certificates.Context.TargetCertificate,
        OnAuthenticateAsServer = (_, options) =>
        {
            var ssl = (SslServerAuthenticationOptions)options.SslServerAuthenticationOptions;
            ssl.ServerCertificateSelectionCallback = null;
            ssl.ServerCertificate = null;
            ssl.ServerCertificateContext = certificates.Context;
        },
        OnAuthenticateAsClient = (_, options) =>
        {
            var ssl = (SslClientAuthenticationOptions)options.SslClientAuthenticationOptions;
            ssl.LocalCertificateSelectionCallback = null;
            ssl.ClientCertificates = null;
            ssl.ClientCertificateContext = certificates.Context;
        },
    };
}
