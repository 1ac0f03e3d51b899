using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Fleet.Server.Pki;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fleet.Server.Hosting;

/// <summary>The two HTTPS listeners. Both present the certificate from <see cref="AuthorityHost"/>,
/// resolved per handshake so that the CA can be loaded after the listeners are configured. Each
/// connection is tagged with its listener (<see cref="ListenerFeature"/>); the device listener also
/// asks for a client certificate and checks it (<see cref="ClientCertificateGate"/>).</summary>
public static class FleetKestrel
{
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static void Configure(WebApplicationBuilder builder)
    {
        var endpoints = builder.Configuration.GetSection(FleetEndpointOptions.Section).Get<FleetEndpointOptions>()
            ?? new FleetEndpointOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = DefaultMaxBodyBytes;
            kestrel.AddServerHeader = false;
            var authority = kestrel.ApplicationServices.GetRequiredService<AuthorityHost>();
            var gate = kestrel.ApplicationServices.GetRequiredService<ClientCertificateGate>();
            Listen(kestrel, endpoints.Api, "Fleet:Endpoints:Api", listen =>
            {
                listen.UseHttps(TlsOptions(authority, gate: null));
                Tag(listen, FleetListener.Api);
            });
            Listen(kestrel, endpoints.Device, "Fleet:Endpoints:Device", listen =>
            {
                listen.UseHttps(TlsOptions(authority, gate));
                // After UseHttps: runs once the handshake is done, before any HTTP is read.
                listen.Use(next => connection => gate.InvokeAsync(connection, next));
                Tag(listen, FleetListener.Device);
            });
        });
    }

    private static void Tag(ListenOptions listen, FleetListener listener)
    {
        var feature = new ListenerFeature(listener);
        listen.Use(next => connection =>
        {
            connection.Features.Set(feature);
            return next(connection);
        });
    }

    // Resolved per handshake: the CA is loaded from its grain after Kestrel is configured.
    private static TlsHandshakeCallbackOptions TlsOptions(AuthorityHost authority, ClientCertificateGate? gate) => new()
    {
        OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = authority.ServerCertificateContext,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            CipherSuitesPolicy = TlsCipherSuites.Policy,
            // The device listener asks for a client certificate but does not require one: pairing
            // and the root CA are for POS systems that have none yet.
            ClientCertificateRequired = gate is not null,
            RemoteCertificateValidationCallback = gate is null
                ? null
                : (_, certificate, _, _) => gate.ValidateDuringHandshake(certificate),
        }),
    };

    private static void Listen(KestrelServerOptions kestrel, string url, string setting, Action<ListenOptions> configure)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"{setting} must be an https:// URL with a host and port, not '{url}'.");

        switch (uri.Host)
        {
            case "localhost": kestrel.ListenLocalhost(uri.Port, configure); break;
            case "0.0.0.0" or "*" or "+" or "[::]": kestrel.ListenAnyIP(uri.Port, configure); break;
            default:
                if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
                    throw new InvalidOperationException($"{setting} must name localhost, an IP address or 0.0.0.0, not '{uri.Host}'.");
                kestrel.Listen(ip, uri.Port, configure);
                break;
        }
    }
}
