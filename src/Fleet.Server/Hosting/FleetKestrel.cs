using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Fleet.Server.Pki;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Fleet.Server.Hosting;

/// <summary>The two HTTPS listeners. Both present the certificate from <see cref="AuthorityHost"/>,
/// resolved per handshake so that the CA can be loaded after the listeners are configured.</summary>
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
            Listen(kestrel, endpoints.Api, authority, "Fleet:Endpoints:Api");
            Listen(kestrel, endpoints.Device, authority, "Fleet:Endpoints:Device");
        });
    }

    private static void Listen(KestrelServerOptions kestrel, string url, AuthorityHost authority, string setting)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new InvalidOperationException($"{setting} must be an https:// URL with a host and port, not '{url}'.");

        // Resolved per handshake: the CA is loaded from its grain after Kestrel is configured.
        void Https(ListenOptions listen) => listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
            {
                ServerCertificateContext = authority.ServerCertificateContext,
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }),
        });

        switch (uri.Host)
        {
            case "localhost": kestrel.ListenLocalhost(uri.Port, Https); break;
            case "0.0.0.0" or "*" or "+" or "[::]": kestrel.ListenAnyIP(uri.Port, Https); break;
            default:
                if (!IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
                    throw new InvalidOperationException($"{setting} must name localhost, an IP address or 0.0.0.0, not '{uri.Host}'.");
                kestrel.Listen(ip, uri.Port, Https);
                break;
        }
    }
}
