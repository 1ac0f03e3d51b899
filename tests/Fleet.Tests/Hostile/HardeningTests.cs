using System.Net;
using System.Net.Http.Json;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Fleet.Server.Http;
using Fleet.Tests.Infrastructure;
using Fleet.Tests.OrderNPay;

namespace Fleet.Tests.Hostile;

/// <summary>What every answer carries whoever asks (issue 15, hardening): HSTS, nosniff, no
/// referrer, no caching of answers that carry secrets, a content security policy on the dashboard;
/// and TLS 1.2 only with forward-secret AEAD suites, on both listeners.</summary>
public sealed class HardeningTests(HostileFixture fixture) : IClassFixture<HostileFixture>
{
    private readonly FleetServer _server = fixture.Server;

    [Fact]
    public async Task Answers_that_carry_secrets_are_not_cached_and_carry_the_security_headers()
    {
        // A new API key (its secret is shown once)...
        var key = await _server.Client().PostAsJsonAsync("/api/v1/api-keys", new { name = Unique.Id("hardening"), role = "viewer" });
        Assert.Equal(HttpStatusCode.Created, key.StatusCode);
        AssertSecurityHeaders(key, SecurityHeaders.ApiPolicy);

        // ...and an Order N Pay access token, the PowerEPOS contract's own answer.
        var pos = new OrderNPayHarness(_server);
        var (outlet, remote, secret) = await pos.OutletAsync();
        var token = await pos.AuthAsync(outlet, remote, secret);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        AssertSecurityHeaders(token, SecurityHeaders.ApiPolicy);

        // Problems too: an answer that is not a success still must not be cached or sniffed.
        var refused = await _server.Client(apiKey: null).GetAsync("/api/v1/stores");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertSecurityHeaders(refused, SecurityHeaders.ApiPolicy);
    }

    [Fact]
    public async Task Dashboard_pages_carry_a_content_security_policy_and_static_assets_keep_their_caching()
    {
        using var browser = _server.Client(apiKey: null);
        var login = await browser.GetAsync("/login");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        AssertSecurityHeaders(login, SecurityHeaders.DashboardPolicy);
        var policy = string.Join(", ", login.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-eval", policy);

        var asset = await browser.GetAsync("/_content/MudBlazor/MudBlazor.min.css");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.DoesNotContain("no-store", asset.Headers.CacheControl?.ToString() ?? "");
    }

    public static TheoryData<string> Listeners => new() { "api", "device" };

    [Theory, MemberData(nameof(Listeners))]
    public async Task Tls_1_2_cbc_suites_are_refused_and_aead_suites_are_accepted(string listener)
    {
        if (!OperatingSystem.IsLinux()) return; // the suite policy, on both sides, needs .NET's OpenSSL backend
        var port = listener == "api" ? _server.ApiPort : _server.DevicePort;

        await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(port,
        [
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384,
            TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384,
            TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        ]));

        var negotiated = await HandshakeAsync(port,
            [TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]);
        Assert.Contains(negotiated, new[] { TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 });
    }

    /// <summary>A TLS 1.2 handshake offering only <paramref name="suites"/>; answers the suite agreed.</summary>
    private static async Task<TlsCipherSuite> HandshakeAsync(int port, TlsCipherSuite[] suites)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        await using var tls = new SslStream(tcp.GetStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            EnabledSslProtocols = SslProtocols.Tls12,
            CipherSuitesPolicy = new CipherSuitesPolicy(suites),
            // Only the suite is under test here; the certificate is tested where clients pin the root.
            RemoteCertificateValidationCallback = (_, _, _, _) => true,
        }, timeout.Token);
        return tls.NegotiatedCipherSuite;
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response, string policy)
    {
        Assert.Equal(SecurityHeaders.StrictTransportSecurity, string.Join(", ", response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Equal("nosniff", string.Join(", ", response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", string.Join(", ", response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal(policy, string.Join(", ", response.Headers.GetValues("Content-Security-Policy")));
        if (policy == SecurityHeaders.ApiPolicy) Assert.True(response.Headers.CacheControl?.NoStore, $"{response.RequestMessage?.RequestUri}: Cache-Control is '{response.Headers.CacheControl}'");
    }
}
