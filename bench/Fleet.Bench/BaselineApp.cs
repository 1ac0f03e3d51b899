using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Fleet.Bench;

/// <summary>The same-run baseline: a minimal Kestrel HTTPS server on loopback with a self-signed
/// certificate that reads whatever it is sent and answers a small JSON "hello". Every scenario
/// sends it exactly what it sends Fleet, so <c>fleet / baseline</c> factors out this machine, its
/// noise, TLS and the generator itself. Run as <c>Fleet.Bench serve-baseline --port N</c>.</summary>
public static class BaselineApp
{
    private static readonly byte[] Hello = "{\"hello\":\"world\"}"u8.ToArray();

    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // the import scenario posts the same CSV as to Fleet
            kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseHttps(SelfSignedCertificate()));
        });
        var app = builder.Build();
        app.Map("/{**path}", async context =>
        {
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(Hello, context.RequestAborted);
        });
        await app.RunAsync();
        return 0;
    }

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fleet-bench-baseline", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(7));
        // Round-trip through PKCS#12 so the key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
